{{- define "yrd.fullname" -}}
{{- default (printf "%s-yrd" .Release.Name) .Values.fullnameOverride -}}
{{- end -}}

{{- define "yrd.labels" -}}
app.kubernetes.io/name: yrd-federation
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "yrd.authSecret" -}}
{{- default (printf "%s-auth" (include "yrd.fullname" .)) .Values.auth.existingSecret -}}
{{- end -}}

{{- define "yrd.redisUrl" -}}
{{- if .Values.redis.enabled -}}
{{- printf "redis://%s-redis:6379" (include "yrd.fullname" .) -}}
{{- else -}}
{{- required "redis.url is required when redis.enabled is false" .Values.redis.url -}}
{{- end -}}
{{- end -}}

{{- define "yrd.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "yrd.containerSecurityContext" -}}
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* The environment every process shares: Redis, tokens (envFrom), traces, production mode. */}}
{{- define "yrd.commonEnv" -}}
- name: NODE_ENV
  value: production
- name: REDIS_URL
  value: {{ include "yrd.redisUrl" . | quote }}
- name: REDIS_CLUSTER
  value: {{ .Values.redis.cluster | quote }}
{{- if .Values.otel.endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ .Values.otel.endpoint | quote }}
- name: OTEL_TRACES_SAMPLER
  value: {{ .Values.otel.sampler | quote }}
- name: OTEL_TRACES_SAMPLER_ARG
  value: {{ .Values.otel.samplerArg | quote }}
{{- end }}
{{- end -}}

{{- define "yrd.subgraphUrl" -}}
{{- printf "http://%s-%s:%v/graphql" (include "yrd.fullname" .root) .component .port -}}
{{- end -}}

{{/*
One piece of the federation: a Deployment (non-root, read-only, probes on /ready and /health), its
Service and its PodDisruptionBudget. Arguments (dict): root, component, script, nodeOptions (list,
optional), port, replicas, resources, env (name → value), secrets (Secret names for envFrom),
disruptionBudget.
*/}}
{{- define "yrd.workload" -}}
{{- $root := .root -}}
{{- $name := printf "%s-%s" (include "yrd.fullname" $root) .component -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "yrd.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  replicas: {{ .replicas }}
  selector:
    matchLabels:
      app.kubernetes.io/instance: {{ $root.Release.Name }}
      app.kubernetes.io/component: {{ .component }}
  template:
    metadata:
      labels:
        {{- include "yrd.labels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .component }}
        yrd.gov.cn/tier: {{ .tier }}
    spec:
      automountServiceAccountToken: false
      securityContext:
        {{- include "yrd.podSecurityContext" $root | nindent 8 }}
      containers:
        - name: {{ .component }}
          image: {{ printf "%s:%s" $root.Values.image.repository $root.Values.image.tag | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command: ["node", {{ range .nodeOptions }}{{ . | quote }}, {{ end }}{{ .script | quote }}]
          ports:
            - name: http
              containerPort: {{ .port }}
          env:
            {{- include "yrd.commonEnv" $root | nindent 12 }}
            - name: OTEL_SERVICE_NAME
              value: {{ printf "yrd-%s" .component | quote }}
            {{- range $key, $value := .env }}
            - name: {{ $key }}
              value: {{ $value | quote }}
            {{- end }}
          envFrom:
            {{- range .secrets }}
            - secretRef:
                name: {{ . }}
            {{- end }}
          readinessProbe:
            httpGet: { path: /ready, port: http }
            periodSeconds: 5
            failureThreshold: 3
          livenessProbe:
            httpGet: { path: /health, port: http }
            initialDelaySeconds: 20
            periodSeconds: 10
            failureThreshold: 3
          resources:
            {{- toYaml .resources | nindent 12 }}
          securityContext:
            {{- include "yrd.containerSecurityContext" $root | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "yrd.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  type: {{ default "ClusterIP" .serviceType }}
  selector:
    app.kubernetes.io/instance: {{ $root.Release.Name }}
    app.kubernetes.io/component: {{ .component }}
  ports:
    - name: http
      port: {{ .port }}
      targetPort: http
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $name }}
  labels:
    {{- include "yrd.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  {{- toYaml .disruptionBudget | nindent 2 }}
  selector:
    matchLabels:
      app.kubernetes.io/instance: {{ $root.Release.Name }}
      app.kubernetes.io/component: {{ .component }}
{{- end -}}

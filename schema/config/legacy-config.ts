import { readVariables, type Env, type ValuesOf } from './read-variables';
import { LEGACY_SYSTEM_VARIABLES } from './legacy-variables';

/** Each province's legacy system: where it is and the credentials it asks for. */
export interface LegacySystems {
  SH: { baseUrl: string; credentials: { apiKey: string } };
  JS: { baseUrl: string; credentials: { appId: string; appSecret: string } };
  ZJ: { baseUrl: string; credentials: { clientId: string; clientSecret: string } };
  AH: { baseUrl: string; credentials: { user: string; password: string } };
}

export function legacySystemsOf(v: ValuesOf<typeof LEGACY_SYSTEM_VARIABLES>): LegacySystems {
  return {
    SH: { baseUrl: v.LEGACY_SH_URL, credentials: { apiKey: v.LEGACY_SH_API_KEY } },
    JS: { baseUrl: v.LEGACY_JS_URL, credentials: { appId: v.LEGACY_JS_APP_ID, appSecret: v.LEGACY_JS_APP_SECRET } },
    ZJ: { baseUrl: v.LEGACY_ZJ_URL, credentials: { clientId: v.LEGACY_ZJ_CLIENT_ID, clientSecret: v.LEGACY_ZJ_CLIENT_SECRET } },
    AH: { baseUrl: v.LEGACY_AH_URL, credentials: { user: v.LEGACY_AH_USER, password: v.LEGACY_AH_PASSWORD } },
  };
}

export function loadLegacySystems(env: Env): LegacySystems {
  return legacySystemsOf(readVariables(LEGACY_SYSTEM_VARIABLES, env));
}

import { Kind, print, type DocumentNode, type SelectionNode, type VariableDefinitionNode } from 'graphql';
import { NodeMemo } from './node-memo';

const selectionTexts = new NodeMemo<SelectionNode, string>();
const definitionTexts = new NodeMemo<VariableDefinitionNode, string>();
const documentTexts = new NodeMemo<DocumentNode, string>();

/**
 * The text of a shard operation, byte for byte what graphql's `print` writes, printed once per
 * document (operationWith keeps one per template and nodes). A document built for one request (a
 * later page's position in one root field) is new, but its other root selections and variable
 * definitions are kept nodes, each printed once. Anything but one plain operation is printed whole.
 */
export function operationText(document: DocumentNode): string {
  return documentTexts.get(document, () => printOperation(document));
}

function printOperation(document: DocumentNode): string {
  const [operation, ...others] = document.definitions;
  if (others.length > 0 || operation?.kind !== Kind.OPERATION_DEFINITION || operation.description || (operation.directives?.length ?? 0) > 0) return print(document);
  const selections = operation.selectionSet.selections;
  const definitions = (operation.variableDefinitions ?? []).map((d) => definitionTexts.get(d, () => print(d)));
  // graphql puts variable definitions on lines of their own once one of them spans lines.
  if (selections.length === 0 || definitions.some((d) => d.includes('\n'))) return print(document);
  const head = `${operation.name?.value ?? ''}${definitions.length > 0 ? `(${definitions.join(', ')})` : ''}`;
  const prefix = head ? `${operation.operation} ${head}` : operation.operation;
  const body = selections.map((s) => selectionTexts.get(s, () => `  ${print(s).replaceAll('\n', '\n  ')}`)).join('\n');
  return `${prefix === 'query' ? '' : `${prefix} `}{\n${body}\n}`;
}

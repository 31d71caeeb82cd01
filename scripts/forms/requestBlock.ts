/**
 * Reads the request block back out of an issue description: the processor's side of
 * rules.ts's formatRequestBlock. The description is untrusted (anyone who can open an
 * issue writes it), so everything is bounded before it is parsed, YAML is read as plain
 * data (no aliases, no custom tags, nothing evaluated), and the values go through the
 * same checkSubmission as the page.
 */
import { isAlias, isMap, isNode, isScalar, parseDocument, visit } from 'yaml';
import { checkSubmission, REQUEST_BLOCK_VERSION } from './rules.ts';
import type { FormDefinition, NormalizedValues } from './rules.ts';

/** GitLab's own limit for descriptions is 1,048,576 characters. */
export const MAX_DESCRIPTION_LENGTH = 1_000_000;
/** 500 recipients with long names and organizations are about 100,000 characters. */
export const MAX_BLOCK_LENGTH = 200_000;

export type ParsedRequest =
  | { ok: true; form: FormDefinition; values: NormalizedValues }
  /** `form` when the block named a known form, so the reply can point at its page and template. */
  | { ok: false; problems: string[]; form?: FormDefinition };

export function parseRequestBlock(description: string, forms: readonly FormDefinition[]): ParsedRequest {
  if (typeof description !== 'string' || description.length > MAX_DESCRIPTION_LENGTH) {
    return { ok: false, problems: [`The description is longer than ${MAX_DESCRIPTION_LENGTH.toLocaleString('en')} characters; a request fits in far less.`] };
  }
  const blocks = requestBlocks(description);
  if (blocks.length === 0) {
    return { ok: false, problems: ['The description has no request block: a fenced code block that starts with ```request. Submit the form again, or copy the block from the issue template.'] };
  }
  if (blocks.length > 1) {
    return { ok: false, problems: [`The description has ${blocks.length} request blocks; keep exactly one.`] };
  }
  const [block] = blocks;
  if (block.unclosed) return { ok: false, problems: ['The request block is not closed: end it with a line of ``` .'] };
  if (block.text.length > MAX_BLOCK_LENGTH) {
    return { ok: false, problems: [`The request block is ${block.text.length.toLocaleString('en')} characters long; at most ${MAX_BLOCK_LENGTH.toLocaleString('en')} are allowed.`] };
  }
  const read = readYaml(block.text);
  if ('problem' in read) return { ok: false, problems: [read.problem] };
  return checkEnvelope(read.value, forms);
}

interface Block {
  text: string;
  unclosed: boolean;
}

/**
 * Fenced code blocks as CommonMark reads them (spec 0.31, "Fenced code blocks"): an
 * opening fence of three or more backticks or tildes indented at most three spaces, its
 * info string's first word, and a closing fence of the same character at least as long.
 * Only blocks whose info string is `request` count; others are skipped whole, so an
 * example inside another block is not a request.
 */
function requestBlocks(description: string): Block[] {
  const lines = description.split(/\r\n|\n|\r/);
  const blocks: Block[] = [];
  let open: { fence: string; isRequest: boolean; body: string[] } | undefined;
  for (const line of lines) {
    if (open) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1][0] === open.fence[0] && close[1].length >= open.fence.length) {
        if (open.isRequest) blocks.push({ text: open.body.join('\n'), unclosed: false });
        open = undefined;
      } else if (open.isRequest) {
        open.body.push(line);
      }
      continue;
    }
    const start = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/.exec(line) ?? /^ {0,3}(~{3,})[ \t]*(\S*).*$/.exec(line);
    if (start) open = { fence: start[1], isRequest: start[2] === 'request', body: [] };
  }
  // An unclosed fence runs to the end of the document (CommonMark).
  if (open?.isRequest) blocks.push({ text: open.body.join('\n'), unclosed: true });
  return blocks;
}

/** Explicit tags that only say what the value already is; anything else (!!js/function, !custom, !!binary) is refused. */
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`));

function readYaml(text: string): { value: unknown } | { problem: string } {
  // Repeated keys are found below with a Set: the yaml package's own `uniqueKeys` compares each key with
  // every earlier one, and 16,000 keys in one mapping (a 200,000-character block) took seconds.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const [error] = doc.errors;
    return { problem: `The request block is not valid YAML (${error.message.split('\n')[0]}).` };
  }
  let refused: string | undefined;
  visit(doc, (_, node) => {
    if (isMap(node)) {
      const keys = new Set<string>();
      for (const { key } of node.items) {
        if (!isScalar(key)) {
          refused = 'The request block uses a list or mapping as a key; write field: value lines.';
          return visit.BREAK;
        }
        const name = String(key.value);
        if (keys.has(name)) {
          refused = `The request block is not valid YAML (Map keys must be unique: "${name.slice(0, 60)}" is there twice).`;
          return visit.BREAK;
        }
        keys.add(name);
      }
    }
    if (isAlias(node) || (isNode(node) && node.anchor)) {
      refused = 'The request block uses YAML anchors or aliases (& or *); write every value out.';
      return visit.BREAK;
    }
    if (isNode(node) && node.tag && !PLAIN_TAGS.has(node.tag)) {
      refused = `The request block uses the YAML tag ${node.tag}; write plain values.`;
      return visit.BREAK;
    }
    return undefined;
  });
  if (refused) return { problem: refused };
  return { value: doc.toJS({ maxAliasCount: 0 }) };
}

function checkEnvelope(value: unknown, forms: readonly FormDefinition[]): ParsedRequest {
  if (!isRecord(value)) return { ok: false, problems: ['The request block must hold form:, version: and values: lines.'] };
  const unknown = Object.keys(value).filter((key) => !['form', 'version', 'values'].includes(key));
  if (unknown.length > 0) return { ok: false, problems: [`The request block has unknown keys: ${unknown.slice(0, 5).join(', ')} (allowed: form, version, values).`] };
  if (typeof value.form !== 'string') return { ok: false, problems: ['The request block does not say which form it is for (form: …).'] };
  const form = forms.find((candidate) => candidate.id === value.form);
  if (!form) {
    return { ok: false, problems: [`The request block names the form "${value.form.slice(0, 60)}", which does not exist (forms: ${forms.map((f) => f.id).join(', ')}).`] };
  }
  if (value.version !== REQUEST_BLOCK_VERSION) {
    return { ok: false, form, problems: [`The request block has version ${JSON.stringify(value.version ?? null)?.slice(0, 20)}; this processor reads version ${REQUEST_BLOCK_VERSION}. Submit the form again.`] };
  }
  if (!isRecord(value.values)) return { ok: false, form, problems: ['The request block\'s values: must be a mapping of field: value lines.'] };
  const { values, problems } = checkSubmission(form, value.values);
  if (problems.length > 0) return { ok: false, form, problems: problems.map((problem) => problem.message) };
  return { ok: true, form, values };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

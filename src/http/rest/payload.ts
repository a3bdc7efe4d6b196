import { AppError, type FieldProblem } from '../../domain/errors.js';

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

const malformed = (message: string) => new AppError('malformed_payload', message);

/** The `<platform>` of a request body (XML read by xml-payload, or JSON), and the body itself. */
function platformOf(body: unknown): { document: Plain; platform: Plain } {
  if (!isPlain(body) || !Object.hasOwn(body, 'platform')) throw malformed('The request body must be a <platform> document.');
  const platform = body.platform;
  if (platform === '' || platform === null) return { document: body, platform: {} };
  if (!isPlain(platform)) throw malformed('The <platform> element must hold elements.');
  return { document: body, platform };
}

/** One element of a resource as text: XML gives strings; JSON may give numbers, flags, null or `{content}`. */
function scalarOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value === null) return '';
  // An element echoed back in the JSON mirror of an attributed element: its text is `content`.
  if (isPlain(value) && Object.hasOwn(value, 'content') && Object.keys(value).every((k) => ['content', 'type', 'uri', 'displayValue'].includes(k))) {
    return scalarOf(value.content);
  }
  return undefined;
}

export interface ResourcePayload {
  /** The record's fields as text, by the names the client used. */
  fields: Record<string, string>;
  /** Options that may travel inside the record, beside it in `<platform>`, or after `</platform>`. */
  options: Record<string, string>;
}

/**
 * Reads `<platform><{resource}>…</{resource}></platform>` into field texts. The named options are looked for
 * in the record, in `<platform>` and beside `<platform>`, in that order (the spec's create sample puts
 * `<appList>` after `</platform>`).
 */
export function resourcePayload(body: unknown, resource: string, optionNames: readonly string[] = []): ResourcePayload {
  const { document, platform } = platformOf(body);
  if (!Object.hasOwn(platform, resource)) throw malformed(`The <platform> element must hold a <${resource}> element.`);
  const raw = platform[resource];
  if (Array.isArray(raw)) throw malformed(`The request must hold one <${resource}> element.`);
  if (raw !== '' && raw !== null && !isPlain(raw)) throw malformed(`The <${resource}> element must hold field elements.`);
  const record: Plain = isPlain(raw) ? raw : {};

  const problems: FieldProblem[] = [];
  const options: Record<string, string> = {};
  for (const name of optionNames) {
    const holder = [record, platform, document].find((candidate) => Object.hasOwn(candidate, name));
    if (!holder) continue;
    const text = scalarOf(holder[name]);
    if (text === undefined) problems.push({ field: name, message: `The ${name} element must hold a value, once.` });
    else options[name] = text;
  }

  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) {
    if (optionNames.includes(name)) continue;
    const text = scalarOf(value);
    if (text === undefined) {
      problems.push({ field: name, message: Array.isArray(value) ? `The ${name} field is given more than once.` : `The ${name} field must hold a value, not elements.` });
    } else {
      fields[name] = text;
    }
  }
  if (problems.length > 0) throw AppError.validation(problems);
  return { fields, options };
}

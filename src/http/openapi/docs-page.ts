// The API's documentation page: the OpenAPI document rendered on the server, operations grouped by tag.
import { escapeHtml } from '../pages/escape.ts';
import type { OpenApiDocument } from './document.ts';

type Json = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A JSON Schema in one short line: `{name: string, rooms?: integer}`; `$ref`s by their name. */
function schemaText(schema: unknown, depth = 0): string {
  const s = (schema ?? {}) as Json;
  if (typeof s.$ref === 'string') return s.$ref.split('/').pop()!;
  if (depth > 3) return '…';
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in s) return JSON.stringify(s.const);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(s[key])) return (s[key] as unknown[]).map((x) => schemaText(x, depth + 1)).join(key === 'allOf' ? ' & ' : ' | ');
  }
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type as string | undefined);
  if (type === 'object' || s.properties) {
    const required = new Set((s.required as string[] | undefined) ?? []);
    const props = Object.entries((s.properties as Json | undefined) ?? {}).map(
      ([k, v]) => `${k}${required.has(k) ? '' : '?'}: ${schemaText(v, depth + 1)}`,
    );
    return `{${props.join(', ')}}`;
  }
  if (type === 'array') return `[${schemaText(s.items, depth + 1)}]`;
  const format = typeof s.format === 'string' ? ` (${s.format})` : '';
  return `${type ?? 'any'}${format}`;
}

function contentText(content: unknown): string {
  return Object.entries((content ?? {}) as Json)
    .map(([type, media]) => `${type}: ${schemaText((media as Json).schema)}`)
    .join('; ');
}

function operationHtml(method: string, path: string, op: Json): string {
  const params = ((op.parameters as Json[] | undefined) ?? []).map(
    (p) => `<li><code>${escapeHtml(String(p.name))}</code> in ${escapeHtml(String(p.in))}${p.required ? ', required' : ''}: <code>${escapeHtml(schemaText(p.schema))}</code></li>`,
  );
  const body = op.requestBody as Json | undefined;
  const responses = Object.entries((op.responses as Json | undefined) ?? {}).map(([status, r]) => {
    const rr = r as Json;
    const content = contentText(rr.content);
    return `<li><b>${escapeHtml(status)}</b> ${escapeHtml(String(rr.description ?? ''))}${content ? `: <code>${escapeHtml(content)}</code>` : ''}</li>`;
  });
  const security = ((op.security as Json[] | undefined) ?? []).map((s) => Object.keys(s).join(' + ')).join(' or ');
  return `<section class="op" id="${escapeHtml(`${method}-${path}`)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(String(op.summary ?? ''))}</p>${op.description ? `<p>${escapeHtml(String(op.description))}</p>` : ''}
${security ? `<p>Authorization: ${escapeHtml(security)}</p>` : ''}
${params.length ? `<h4>Parameters</h4><ul>${params.join('')}</ul>` : ''}
${body ? `<h4>Body</h4><p><code>${escapeHtml(contentText(body.content))}</code></p>` : ''}
<h4>Responses</h4><ul>${responses.join('')}</ul>
</section>`;
}

/**
 * The page: a table of contents by tag, each operation with its parameters, body and responses, and the
 * components' schemas. No script, no outside resource.
 * @example sendPage(res, 200, (nonce) => renderDocsPage(openApiDocument(), nonce));
 */
export function renderDocsPage(doc: OpenApiDocument, nonce: string): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Json)[method] as Json | undefined;
      if (!op) continue;
      const tag = ((op.tags as string[] | undefined) ?? ['Other'])[0]!;
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, op)]);
    }
  }
  const schemas = Object.entries(((doc.components as Json | undefined)?.schemas as Json | undefined) ?? {}).map(
    ([name, s]) => `<li><code>${escapeHtml(name)}</code>: <code>${escapeHtml(schemaText(s))}</code></li>`,
  );
  const info = doc.info as { title: string; version: string; description?: string };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)}</title>
<style nonce="${nonce}">
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#222}
code{font:13px ui-monospace,monospace;background:#f4f4f4;padding:0 .2em;word-break:break-word}
.op{border-top:1px solid #ddd;padding:.3rem 0}.op h3{margin:.4rem 0;font-size:1rem}
.m{display:inline-block;min-width:3.5rem;font-size:.8rem;color:#fff;text-align:center;border-radius:3px;padding:0 .3rem}
.get{background:#2a7}.post{background:#27c}.put{background:#c72}.patch{background:#a5c}.delete{background:#c33}
h4{margin:.4rem 0 .1rem;font-size:.9rem}ul{margin:.1rem 0}
</style></head><body>
<h1>${escapeHtml(info.title)} <small>v${escapeHtml(info.version)}</small></h1>
<p>${escapeHtml(info.description ?? '')}</p>
<p>The machine-readable document: <a href="openapi.json">openapi.json</a> (OpenAPI ${escapeHtml(String(doc.openapi))}).</p>
<nav><ul>${[...byTag.keys()].map((t) => `<li><a href="#tag-${escapeHtml(t)}">${escapeHtml(t)}</a></li>`).join('')}</ul></nav>
${[...byTag].map(([tag, ops]) => `<h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2>\n${ops.join('\n')}`).join('\n')}
<h2>Schemas</h2><ul>${schemas.join('')}</ul>
</body></html>`;
}

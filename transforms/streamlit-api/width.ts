/**
 * `use_container_width=True|False` -> `width="stretch"|"content"` on the elements where Streamlit
 * 1.50 has the `width` parameter and documents that equivalence ("use_container_width=True is
 * equivalent to width="stretch" and use_container_width=False is equivalent to width="content"";
 * the parameter is deprecated, to be removed after 2025-12-31):
 * buttons (streamlit/streamlit#11719, 1.47), st.dataframe / st.data_editor (#11930, 1.49),
 * st.image / st.pyplot (#11952, 1.49), st.graphviz_chart (#12212, 1.49), st.line_chart (#11923,
 * 1.50). The other charts (plotly, altair, vega-lite, pydeck, map, area/bar/scatter) got `width`
 * around the 1.50/1.51 cut, so `width="stretch"` may not exist in 1.50 for them; their
 * `use_container_width` still works there and is left alone.
 */
import { booleanLiteral, callArguments, keywordValue } from '../../src/python/arguments';
import { SyntaxNode } from '../../src/python/parser';
import { isStreamlitContainer } from '../../src/python/streamlit-containers';
import { stringLiteralValue } from '../../src/python/syntax';
import { Context, isInsideFString } from './context';

const WIDTH_ELEMENTS = new Set(['button', 'download_button', 'form_submit_button', 'link_button', 'dataframe',
  'data_editor', 'experimental_data_editor', 'image', 'pyplot', 'graphviz_chart', 'line_chart']);

export function rewriteWidths(context: Context): void {
  if (!/\buse_co(ntainer|lumn)_width\b/.test(context.module.text)) return;
  for (const call of callsWithWidthKeywords(context)) {
    const args = callArguments(call);
    if (!args || !(args.keywords.has('use_container_width') || args.keywords.has('use_column_width'))) continue;
    const element = streamlitElement(context, call);
    if (!element) continue;
    const legacy = args.keywords.get('use_container_width')
      ?? (element === 'image' ? args.keywords.get('use_column_width') : undefined);
    if (!legacy) continue;
    const name = legacy.childForFieldName('name')!.text;
    const width = widthFor(name, keywordValue(legacy)!);
    const problem = width === undefined
      ? `${name}=${keywordValue(legacy)!.text} has no literal equivalent`
      : args.keywords.has('width') ? `the call also passes width, which ${name} overrides`
        : args.splats.length > 0 ? 'the call unpacks arguments that may hold width'
          : isInsideFString(call) ? 'the call is inside an f-string' : undefined;
    if (problem) {
      const deprecated = name === 'use_container_width' ? 'is deprecated (removed after 2025-12-31)' : 'is deprecated';
      context.report.manualAt(legacy, {
        code: 'use-container-width',
        message: `${name} ${deprecated}: ${problem}; replace it with width="stretch" (the container's width) `
          + 'or width="content" by hand',
      });
      continue;
    }
    context.edits.replaceNode(legacy, `width=${context.quote(width!)}`);
  }
}

/**
 * The calls that pass `use_container_width=` or `use_column_width=`, in source order: found from
 * where those words are written, since asking every call of a module for its arguments costs a
 * walk through the binding per call.
 */
function callsWithWidthKeywords(context: Context): SyntaxNode[] {
  const calls = new Map<number, SyntaxNode>();
  for (const name of ['use_container_width', 'use_column_width']) {
    for (const identifier of context.module.identifiersNamed(name)) {
      const keyword = identifier.parent;
      if (keyword?.type !== 'keyword_argument' || keyword.childForFieldName('name')?.id !== identifier.id) continue;
      const call = keyword.parent?.parent;
      if (keyword.parent?.type === 'argument_list' && call?.type === 'call') calls.set(call.id, call);
    }
  }
  return [...calls.values()].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

/** The element a call draws (`button`, ...) when it is one of ours called on Streamlit. */
function streamlitElement(context: Context, call: SyntaxNode): string | undefined {
  const callee = call.childForFieldName('function')!;
  const qualified = context.qualifier.qualify(callee);
  if (qualified) {
    const match = qualified.certain && /^streamlit(?:\.sidebar)?\.(\w+)$/.exec(qualified.target);
    return match && WIDTH_ELEMENTS.has(match[1]) ? match[1] : undefined;
  }
  if (callee.type !== 'attribute') return undefined;
  const method = callee.childForFieldName('attribute')!.text;
  if (!WIDTH_ELEMENTS.has(method)) return undefined;
  return isStreamlitContainer(callee.childForFieldName('object')!, context.scopes) ? method : undefined;
}

/**
 * st.image's older `use_column_width`: `True` / `"always"` meant the column's width
 * (`width="stretch"`); `"auto"` / `None` meant the natural size up to the column's width, which is
 * what `width="content"` does ("matches the width of its content, but doesn't exceed the width of
 * the parent container"). `False` / `"never"` allowed overflowing the column: no equivalent.
 */
function widthFor(name: string, value: SyntaxNode): string | undefined {
  const flag = booleanLiteral(value);
  if (name === 'use_column_width') {
    const mode = stringLiteralValue(value);
    if (flag === true || mode === 'always') return 'stretch';
    return mode === 'auto' || value.type === 'none' ? 'content' : undefined;
  }
  if (flag === undefined) return undefined;
  return flag ? 'stretch' : 'content';
}

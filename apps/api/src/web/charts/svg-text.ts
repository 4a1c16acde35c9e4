/**
 * Text from the log (a priority's title, an indicator's name) made safe inside SVG markup: the charts are strings put
 * into the page unescaped, so everything they carry is escaped here, attributes and text alike.
 */
export function svgText(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A label cut to `max` characters with an ellipsis: the full text is in the table beside the chart. */
export function shortened(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}

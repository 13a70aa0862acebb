/**
 * The informative part of an error thrown by h5wasm. With its throwing error handler on, HDF5
 * failures arrive as one message holding the whole HDF5 error stack (`#000: ... in H5Fopen():
 * unable to open file`, ...). This picks the line that says why; other errors give their message.
 */
export function hdf5Reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const reasons = [...text.matchAll(/#\d+:.*? in [\w.]+\(\): (.*)$/gm)].map((m) => m[1].trim());
  if (reasons.length === 0) return text.trim();
  return reasons.find((r) => INFORMATIVE.test(r)) ?? reasons[reasons.length - 1];
}

const INFORMATIVE =
  /required filter|filter returned failure|truncated|errno =|signature|too many|not found|checksum|corrupt|bad (?:object|value|version)|addr overflow|unable to open file:/i;

/** Whether an h5wasm error came from the filter pipeline (a missing or failing filter). */
export function isFilterFailure(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err);
  return /data pipeline read failed|required filter|filter returned failure|Fletcher32 checksum/i.test(text);
}

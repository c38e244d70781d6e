// A wasm-bindgen snippet, as the glue imports it.
export function hint() {
  return 'hint';
}

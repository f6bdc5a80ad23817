// CI check of each artifact's imports: the Envoy filter must import no wasm-bindgen
// function (`__wbindgen*`, `__wbg_*`), the web build no proxy-wasm one (`proxy_*`).
// Usage: node check_imports.mjs ENVOY.wasm WEB.wasm [WEB2.wasm ...]
import { readFileSync } from "node:fs";

const [envoy, ...web] = process.argv.slice(2);
if (!envoy || web.length === 0) {
  console.error("usage: check_imports.mjs ENVOY.wasm WEB.wasm [...]");
  process.exit(2);
}
const imports = (file) => WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(file)));
let failed = 0;
const check = (file, bad, what) => {
  const all = imports(file);
  const found = all.filter((i) => bad.test(i.name) || bad.test(i.module));
  const modules = [...new Set(all.map((i) => i.module))].join(", ");
  if (found.length) {
    failed++;
    console.error(`FAIL ${file}: imports ${what}: ${found.map((i) => `${i.module}.${i.name}`).join(", ")}`);
  } else {
    console.log(`ok   ${file}: ${all.length} imports from [${modules}], none ${what}`);
  }
};
check(envoy, /__wbindgen|__wbg_|wbg/, "from wasm-bindgen");
for (const f of web) check(f, /^proxy_/, "from proxy-wasm");
// The positive side: each really is what it claims to be.
if (!imports(envoy).some((i) => i.name.startsWith("proxy_"))) {
  failed++;
  console.error(`FAIL ${envoy}: no proxy-wasm import at all: not the Envoy filter?`);
}
for (const f of web) {
  if (!imports(f).some((i) => /__wbindgen|__wbg_/.test(i.name))) {
    failed++;
    console.error(`FAIL ${f}: no wasm-bindgen import at all: not the web build?`);
  }
}
console.log(`${2 + 2 * web.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

// Reads a clip's C2PA Content Credentials with c2pa-js's WebAssembly reader (c2pa-rs compiled to WebAssembly, a
// different build and release from the signer's native one). Usage: node c2pa-read.mjs FILE (MP4 or JPEG) [TRUST_ANCHORS.pem]
// Prints {state, failures, title, actions, ingredients, manifests} as JSON; exit 1 when the file has no manifest.
import fs from "node:fs";
import { initSync, WasmReader } from "@contentauth/c2pa-wasm";

const [file, anchors] = process.argv.slice(2);
initSync({ module: fs.readFileSync(new URL("./node_modules/@contentauth/c2pa-wasm/pkg/c2pa_bg.wasm", import.meta.url)) });
const settings = anchors
  ? { trust: { verify_trust_list: true, trust_anchors: fs.readFileSync(anchors, "utf8") }, verify: { verify_trust: true } }
  : { verify: { verify_trust: false } };
const bytes = fs.readFileSync(file);
const reader = await WasmReader.fromBytes(bytes[0] === 0xff && bytes[1] === 0xd8 ? "image/jpeg" : "video/mp4", bytes, JSON.stringify(settings));
const store = JSON.parse(reader.json());
const active = store.manifests?.[store.active_manifest];
if (!active) {
  console.error(`${file} carries no C2PA manifest`);
  process.exit(1);
}

const actions = active.assertions.filter(a => a.label.startsWith("c2pa.actions")).flatMap(a => a.data.actions);
console.log(JSON.stringify({
  state: store.validation_state,
  failures: (store.validation_results?.activeManifest?.failure ?? []).map(f => f.code),
  title: active.title,
  actions: actions.map(a => ({ name: a.action, description: a.description ?? null, source: a.digitalSourceType ?? null })),
  ingredients: (active.ingredients ?? []).map(i => ({ title: i.title, relationship: i.relationship, manifest: i.active_manifest ?? null })),
  manifests: Object.keys(store.manifests).length,
  author: active.assertions.find(a => a.label === "stds.schema-org.CreativeWork")?.data?.author?.[0]?.name ?? null,
}));

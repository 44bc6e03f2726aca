// Embeds and reads C2PA Content Credentials with c2pa-rs (through @contentauth/c2pa-node). A long-lived helper: it
// reads one JSON object per line on stdin and answers one per line on stdout. The key never comes here: to sign,
// it asks its host for a signature over the bytes c2pa-rs hands it and waits for the answer.
//
// Host → helper:
//   {"id": 1, "op": "sign", "input": FILE, "output": FILE, "certificates": PEM (leaf first), "manifest": {…},
//    "timestampAuthority": URL | null (an RFC 3161 authority that dates the signature),
//    "trustAnchors": PEM | null (the roots the ingredients' own credentials are checked against),
//    "ingredients": [{"definition": {…}, "file": FILE | null}]}   (an MP4 or QuickTime file is read for its own credentials)
//   (the input is an MP4 or a JPEG, known by its first bytes; the manifest says no format of its own)
//   {"id": 2, "op": "read", "file": FILE (MP4 or JPEG), "trustAnchors": PEM | null}
//   {"id": 3, "op": "signature", "signature": BASE64 | null, "error": TEXT | null}   (an answer to a request below)
// Helper → host:
//   {"id": 1, "result": {…}} or {"id": 1, "error": TEXT}
//   {"id": 3, "op": "sign-data", "data": BASE64}   (ids of the helper's requests are its own, counted from 1)
//
// The output is written beside itself (FILE.partial) and renamed once whole, so no partial or empty file is left
// under its name.
import fs from "node:fs/promises";
import readline from "node:readline";
import { Builder, Reader } from "@contentauth/c2pa-node";

const pendingSignatures = new Map();
let nextSignature = 1;

function send(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

function signatureFromHost(data) {
  const id = nextSignature++;
  send({ id, op: "sign-data", data: data.toString("base64") });
  return new Promise((resolve, reject) => pendingSignatures.set(id, { resolve, reject }));
}

function certificatesOf(pem) {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error("no certificate was given to sign with");
  return [Buffer.from(blocks.join("\n") + "\n")];
}

/** The file's format by its first bytes: ISO media (MP4, QuickTime), JPEG, or null for anything else. */
async function formatOf(file) {
  const handle = await fs.open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(8), 0, 8, 0);
    return bytesRead === 8 && buffer.subarray(4, 8).toString("latin1") === "ftyp" ? "video/mp4"
      : bytesRead >= 2 && buffer[0] === 0xff && buffer[1] === 0xd8 ? "image/jpeg"
      : null;
  } finally {
    await handle.close();
  }
}

/** c2pa-rs's settings: the roots trusted, when there are any of this installation's own. */
const trusting = trustAnchors => trustAnchors
  ? { trust: { verify_trust_list: true, trust_anchors: trustAnchors }, verify: { verify_trust: true } }
  : { verify: { verify_trust: false } };

async function signOnce({ input, output, certificates, manifest, ingredients, timestampAuthority, trustAnchors }, withFiles) {
  const format = await formatOf(input);
  if (!format) throw new Error("the file to sign is neither an MP4 nor a JPEG");
  // No thumbnail of its own: the poster is one, and making it would decode and encode the picture again.
  const builder = Builder.withJson({ ...manifest, format }, JSON.stringify({ ...trusting(trustAnchors), builder: { thumbnail: { enabled: false } } }));
  for (const ingredient of ingredients ?? []) {
    const format = withFiles && ingredient.file ? await formatOf(ingredient.file) : null;
    const file = format === "video/mp4" ? { path: ingredient.file, mimeType: format } : undefined;
    await builder.addIngredient(JSON.stringify(ingredient.definition), file);
  }

  const partial = `${output}.partial`;
  await fs.rm(partial, { force: true });
  try {
    const started = performance.now();
    const embedded = await builder.signConfigAsync(
      signatureFromHost,
      { alg: "es256", certs: certificatesOf(certificates), reserveSize: 10240, directCoseHandling: false, tsaUrl: timestampAuthority ?? undefined },
      { path: input, mimeType: format },
      { path: partial, mimeType: format });
    if ((await fs.stat(partial)).size === 0) throw new Error("the signed file came out empty");
    await fs.rename(partial, output);
    return { manifestBytes: embedded.length, milliseconds: performance.now() - started, ingredientFilesCarried: withFiles };
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  }
}

// An ingredient's file c2pa-rs cannot carry (a damaged upload, say) is named without its contents rather than
// keeping the clip from being labelled.
async function sign(request) {
  try {
    return await signOnce(request, true);
  } catch (error) {
    if (!(request.ingredients ?? []).some(ingredient => ingredient.file)) throw error;
    return await signOnce(request, false);
  }
}

async function read({ file, trustAnchors }) {
  const reader = await Reader.fromAsset({ path: file, mimeType: await formatOf(file) ?? "video/mp4" }, JSON.stringify(trusting(trustAnchors)));
  return reader ? reader.json() : null;
}

async function handle(message) {
  try {
    const operation = { sign, read }[message.op];
    if (!operation) throw new Error(`unknown op ${JSON.stringify(message.op)}`);
    send({ id: message.id, result: await operation(message) });
  } catch (error) {
    send({ id: message.id, error: String(error?.message ?? error) });
  }
}

readline.createInterface({ input: process.stdin, crlfDelay: Infinity }).on("line", line => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    send({ id: null, error: "a line that is not JSON" });
    return;
  }

  if (message.op === "signature") {
    const waiting = pendingSignatures.get(message.id);
    pendingSignatures.delete(message.id);
    if (message.signature) waiting?.resolve(Buffer.from(message.signature, "base64"));
    else waiting?.reject(new Error(message.error ?? "the host did not sign"));
    return;
  }

  handle(message);
}).on("close", () => process.exit(0));

send({ id: 0, result: { ready: true } });

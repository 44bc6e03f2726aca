// Drives the API with OpenAI's official Node SDK, unchanged, through every videos and webhooks method it has, and
// asserts what each answers. Run by the suite (OpenAiSdkTests) against a local server:
//   SORA_BASE_URL=http://127.0.0.1:PORT SORA_API_KEY=sora_sk_… SORA_WORK=DIR node openai-sdk.mjs
// Prints one line per check, and "checked N" last; exits non-zero at the first that fails.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import OpenAI, { BadRequestError, NotFoundError, toFile } from 'openai';
import { Webhook } from 'standardwebhooks';

const client = new OpenAI({ baseURL: `${process.env.SORA_BASE_URL}/v1`, apiKey: process.env.SORA_API_KEY, maxRetries: 0, timeout: 120_000 });
const work = process.env.SORA_WORK;
let checked = 0;

async function check(name, run) {
  await run();
  checked++;
  console.log(`ok ${name}`);
}

/** Polls a video as the SDK's users do, until it is finished. */
async function finished(id) {
  for (const started = Date.now(); Date.now() - started < 240_000; await new Promise((r) => setTimeout(r, 500))) {
    const video = await client.videos.retrieve(id);
    if (video.status === 'completed' || video.status === 'failed') return video;
  }
  throw new Error(`video ${id} did not finish`);
}

/** Polls a character until its checks have ended. */
async function settled(id) {
  for (const started = Date.now(); Date.now() - started < 120_000; await new Promise((r) => setTimeout(r, 500))) {
    const character = await client.videos.getCharacter(id);
    if (character.status !== 'verifying') return character;
  }
  throw new Error(`character ${id} was still verifying`);
}

function ffmpeg(...args) {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
}

const image = path.join(work, 'street.png');
ffmpeg('-f', 'lavfi', '-i', 'testsrc2=s=640x360', '-frames:v', '1', image);
const upload = path.join(work, 'upload.mp4');
ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=3', '-pix_fmt', 'yuv420p', upload);
const portrait = path.join(work, 'portrait.mp4');
ffmpeg('-loop', '1', '-framerate', '24', '-i', '/usr/share/doc/opencv-doc/opencv4/html/julia_facedetect_sample.jpg', '-t', '3',
  '-vf', 'crop=iw*0.86:ih*0.86:iw*0.07+iw*0.02*t:ih*0.07,scale=480:-2,format=yuv420p', portrait);

// Videos: create (text, an uploaded image, an image by data: URL), retrieve, list, download.
let original;
await check('videos.create defaults as OpenAI documents them, and a dated snapshot is its model', async () => {
  original = await client.videos.create({ prompt: 'A red kite over a green hill, wind blowing', model: 'sora-2-2025-12-08' });
  assert.equal(original.object, 'video');
  assert.equal(original.model, 'sora-2-2025-12-08');
  assert.equal(original.seconds, '4');
  assert.equal(original.size, '720x1280');
  assert.ok(['queued', 'in_progress'].includes(original.status));
});

let fromImage;
let fromUrl;
await check('videos.create with input_reference as a file and as {image_url}', async () => {
  fromImage = await client.videos.create({
    prompt: 'The camera slowly pushes in, soft piano', size: '1280x720', input_reference: await toFile(fs.createReadStream(image), 'street.png', { type: 'image/png' }),
  });
  fromUrl = await client.videos.create({
    prompt: 'The camera slowly pulls back', size: '1280x720',
    input_reference: { image_url: `data:image/png;base64,${fs.readFileSync(image).toString('base64')}` },
  });
  assert.equal(fromImage.size, '1280x720');
  assert.notEqual(fromImage.id, fromUrl.id);
});

await check('an input_reference by file_id is refused with a code that says why', async () => {
  const refused = await client.videos.create({ prompt: 'A street', input_reference: { file_id: 'file_abc' } }).catch((e) => e);
  assert.ok(refused instanceof BadRequestError);
  assert.equal(refused.code, 'VALIDATION.INPUT_REFERENCE.FILE_ID_UNSUPPORTED');
  assert.match(refused.message, /no Files API/);
});

await check('videos.retrieve of a finished video', async () => {
  original = await finished(original.id);
  assert.equal(original.status, 'completed');
  assert.equal(original.progress, 100);
  assert.ok(original.completed_at >= original.created_at);
  assert.equal(original.error, null);
  assert.equal((await finished(fromImage.id)).status, 'completed');
  assert.equal((await finished(fromUrl.id)).status, 'completed');
});

await check('videos.list pages in either order, and its auto-pagination walks them all', async () => {
  const newest = await client.videos.list({ limit: 2 });
  assert.equal(newest.data.length, 2);
  assert.equal(newest.data[0].id, fromUrl.id);
  assert.ok(newest.hasNextPage());
  const oldest = await client.videos.list({ order: 'asc', limit: 1 });
  assert.equal(oldest.data[0].id, original.id);
  const all = [];
  for await (const video of client.videos.list({ limit: 1 })) all.push(video.id);
  assert.deepEqual(all, [fromUrl.id, fromImage.id, original.id]);
});

await check('videos.downloadContent: the MP4, its thumbnail and its spritesheet', async () => {
  const mp4 = Buffer.from(await (await client.videos.downloadContent(original.id)).arrayBuffer());
  assert.equal(mp4.subarray(4, 8).toString('ascii'), 'ftyp');
  const thumbnail = Buffer.from(await (await client.videos.downloadContent(original.id, { variant: 'thumbnail' })).arrayBuffer());
  assert.deepEqual([...thumbnail.subarray(0, 2)], [0xff, 0xd8]);
  const sprites = await client.videos.downloadContent(original.id, { variant: 'spritesheet' });
  assert.equal(sprites.headers.get('content-type'), 'image/jpeg');
});

// Remix, edit (by id and uploaded), extend (by id and uploaded).
let remix;
let edit;
let editUpload;
let extension;
let extensionUpload;
await check('videos.remix, edit and extend of one\'s own video, and of uploaded videos', async () => {
  remix = await client.videos.remix(original.id, { prompt: 'the same hill at night, under the stars' });
  edit = await client.videos.edit({ prompt: 'make it black and white and slow the middle down', video: { id: original.id } });
  editUpload = await client.videos.edit({ prompt: 'warmer, and cut the first second', video: await toFile(fs.createReadStream(upload), 'upload.mp4', { type: 'video/mp4' }) });
  extension = await client.videos.extend({ prompt: 'the kite flies higher', seconds: '4', video: { id: original.id } });
  extensionUpload = await client.videos.extend({
    prompt: 'a red ball rolls across the picture', seconds: '4', video: await toFile(fs.createReadStream(upload), 'upload.mp4', { type: 'video/mp4' }),
  });
  assert.equal(remix.remixed_from_video_id, original.id);
  assert.equal(edit.edited_from_video_id, original.id);
  assert.deepEqual(edit.edits, [{ type: 'speed', start: 1.33, end: 2.67, factor: 0.5 }, { type: 'grade', preset: 'noir' }]);
  assert.deepEqual(editUpload.edits, [{ type: 'trim', start: 1, end: 3 }, { type: 'grade', preset: 'warm' }]);
  assert.equal(extension.extended_from_video_id, original.id);
  assert.equal(extension.seconds, '8');
  assert.equal(extensionUpload.seconds, '7');
  for (const video of [remix, edit, editUpload, extension, extensionUpload]) {
    assert.equal((await finished(video.id)).status, 'completed', `video ${video.id} completes`);
  }
});

await check('an edit of an uploaded video that only generation could make is refused with a code that says why', async () => {
  const refused = await client.videos.edit({ prompt: 'make it night', video: await toFile(fs.createReadStream(upload), 'upload.mp4') }).catch((e) => e);
  assert.ok(refused instanceof BadRequestError);
  assert.equal(refused.code, 'EDIT.UPLOAD.NEEDS_GENERATION');
  assert.match(refused.message, /'make it night' needs its scene generated/);
});

await check('errors read as OpenAI\'s: a typed error with the message and the code', async () => {
  const missing = await client.videos.retrieve('video_nope').catch((e) => e);
  assert.ok(missing instanceof NotFoundError);
  assert.equal(missing.status, 404);
  assert.equal(missing.code, 'VIDEO.NOT_FOUND');
  assert.equal(missing.type, 'invalid_request_error');
  assert.equal(missing.message, "404 No video has id 'video_nope'.");
  const badSeconds = await client.videos.create({ prompt: 'A kite', seconds: '5' }).catch((e) => e);
  assert.ok(badSeconds instanceof BadRequestError);
  assert.equal(badSeconds.code, 'VALIDATION.SECONDS.UNSUPPORTED');
});

await check('videos.createCharacter and getCharacter: a character that is no person is made as sent, a face is refused, a likeness needs the challenge', async () => {
  const created = await client.videos.createCharacter({ name: 'Test Pattern', video: await toFile(fs.createReadStream(upload), 'pattern.mp4', { type: 'video/mp4' }) });
  assert.equal(created.name, 'Test Pattern');
  assert.match(created.id, /^cameo_/);
  const character = await settled(created.id);
  assert.deepEqual([character.id, character.name, character.created_at], [created.id, 'Test Pattern', created.created_at]);
  assert.deepEqual([character.status, character.kind, character.handle], ['active', 'character', 'test_pattern']);
  const starring = await finished((await client.videos.create({ prompt: '@test_pattern dances on a stage under a spotlight' })).id);
  assert.equal(starring.status, 'completed');
  assert.deepEqual(starring.cameos.map((c) => c.username), ['test_pattern']);

  const mona = await client.videos.createCharacter({ name: 'Mona', video: await toFile(fs.createReadStream(portrait), 'mona.mp4', { type: 'video/mp4' }) });
  const refused = await settled(mona.id);
  assert.equal(refused.status, 'failed');
  assert.equal(refused.error.code, 'CAMEO.CHARACTER_HAS_FACE');
  assert.match(refused.error.message, /challenges/);
  // A person's likeness: the challenge is this service's step before OpenAI's call; the SDK sends the extra field as it is.
  const challenge = await client.post('/videos/characters/challenges');
  const likeness = await client.videos.createCharacter({
    name: 'Me', video: await toFile(fs.createReadStream(upload), 'me.mp4', { type: 'video/mp4' }), challenge_id: challenge.id,
  });
  assert.equal((await client.videos.getCharacter(likeness.id)).kind, 'person');
});

await check('videos.delete', async () => {
  const deleted = await client.videos.delete(remix.id);
  assert.deepEqual(deleted, { id: remix.id, object: 'video.deleted', deleted: true });
  assert.ok((await client.videos.retrieve(remix.id).catch((e) => e)) instanceof NotFoundError);
});

// Webhooks: every method, and a delivery verified by the SDK's unwrap and by the Standard Webhooks library.
const received = [];
const receiver = http.createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => { body += chunk; });
  request.on('end', () => { received.push({ headers: request.headers, body }); response.writeHead(204).end(); });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${receiver.address().port}/hooks`;

await check('webhooks.create, retrieve, update, list, rotateSecret, test, eventTypes.list and delete', async () => {
  const types = await client.webhooks.eventTypes.list();
  assert.ok(types.data.includes('video.completed') && types.data.includes('video.failed'));
  const created = await client.webhooks.create({ name: 'Renders', url, event_types: ['video.completed', 'video.failed'] });
  assert.equal(created.object, 'webhook_endpoint');
  assert.match(created.signing_secret, /^whsec_/);
  const read = await client.webhooks.retrieve(created.id);
  assert.equal(read.signing_secret, undefined);
  assert.equal(read.signing_secret_hint, created.signing_secret_hint);
  const updated = await client.webhooks.update(created.id, { name: 'Finished renders', event_types: ['video.completed'] });
  assert.deepEqual([updated.name, updated.event_types], ['Finished renders', ['video.completed']]);
  const listed = [];
  for await (const endpoint of client.webhooks.list()) listed.push(endpoint.id);
  assert.deepEqual(listed, [created.id]);

  const rotated = await client.webhooks.rotateSecret(created.id, { keep_old_secret_active_for_24_hours: true });
  assert.notEqual(rotated.signing_secret, created.signing_secret);
  const tested = await client.webhooks.test(created.id, { event_type: 'video.completed' });
  assert.deepEqual([tested.object, tested.success, tested.status_code, tested.webhook_endpoint_id], ['webhook_endpoint.test', true, 204, created.id]);
  const sample = received.at(-1);
  for (const secret of [created.signing_secret, rotated.signing_secret]) {
    const event = await client.webhooks.unwrap(sample.body, sample.headers, secret);
    assert.deepEqual([event.object, event.type], ['event', 'video.completed']);
    assert.match(event.id, /^evt_/);
    assert.equal(typeof event.data.id, 'string');
    assert.equal(new Webhook(secret).verify(sample.body, sample.headers).type, 'video.completed');
  }

  // A real event: the clip made after the endpoint is, delivered as OpenAI sends video.completed.
  const video = await client.videos.create({ prompt: 'A paper boat on a pond, rain falling' });
  await finished(video.id);
  for (const started = Date.now(); !received.some((r) => JSON.parse(r.body).data.id === video.id) && Date.now() - started < 30_000;) {
    await new Promise((r) => setTimeout(r, 200));
  }
  const delivery = received.find((r) => JSON.parse(r.body).data.id === video.id);
  const event = await client.webhooks.unwrap(delivery.body, delivery.headers, rotated.signing_secret);
  assert.deepEqual([event.type, event.data.id, event.data.status], ['video.completed', video.id, 'completed']);

  const deleted = await client.webhooks.delete(created.id);
  assert.deepEqual(deleted, { id: created.id, object: 'webhook_endpoint.deleted', deleted: true });
  assert.ok((await client.webhooks.retrieve(created.id).catch((e) => e)) instanceof NotFoundError);
});

receiver.close();
console.log(`checked ${checked}`);

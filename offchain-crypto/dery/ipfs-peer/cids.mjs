// Prints the CID js-ipfs assigns to each file given, with the parameters of
// `ipfs add --cid-version=1 --raw-leaves` (256 KiB chunks, balanced DAG, 174 links a node):
// a reference computed by a real IPFS implementation, for DERy's CID tests.
//   node cids.mjs FILE...   ->   "<cid> <file>" per line
// CHUNK_SIZE and MAX_LINKS (environment) override the layout, to test deep DAGs cheaply.
import { createReadStream } from 'node:fs';
import { importer } from 'ipfs-unixfs-importer';

// Blocks are only hashed, never kept.
const discard = { put: async (cid) => cid, has: async () => false, get: async () => { throw new Error('discarded'); } };

const options = {
  cidVersion: 1,
  rawLeaves: true,
  reduceSingleLeafToSelf: true,
  chunker: 'fixed',
  maxChunkSize: Number(process.env.CHUNK_SIZE ?? 262144),
  strategy: 'balanced',
  maxChildrenPerNode: Number(process.env.MAX_LINKS ?? 174),
  wrapWithDirectory: false,
};

for (const path of process.argv.slice(2)) {
  let last;
  for await (const entry of importer([{ content: createReadStream(path) }], discard, options)) last = entry;
  console.log(`${last.cid.toString()} ${path}`);
}

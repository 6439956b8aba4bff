// Builds the bundled sample wiki (sample/wiki/*.csv) from the Korean Wikipedia extract in
// ../shared/data/kowiki: well-known topics that fact-checking demos and tests ask about,
// then ordinary articles spread over the corpus up to a size budget.
//
//   npx tsx scripts/make-sample.ts [--corpus DIR] [--out DIR]
//
// Doc blocks are copied verbatim into a temporary WikiExtractor file and run through the same
// converter as `olala wiki convert`, so sample chunks get the same ids as a full conversion.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UserError } from '@olala/core';
import { convertWikiExtractor, listInputFiles, parseDocHeader } from '@olala/core/wiki';
import { sharedDataDir } from '@olala/testing';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: path.join(sharedDataDir(), 'kowiki') },
    out: { type: 'string', default: path.join(root, 'sample', 'wiki') },
  },
});
const corpus = args.corpus as string;
const outDir = args.out as string;

// Pages in the sample and the raw WikiExtractor bytes they may use (the CSVs come out a
// little larger because of ids and quoting; they must stay under about 3 MB together).
const TARGET_PAGES = 300;
const BUDGET_BYTES = 2_750_000;
// Well-known topics are kept whatever their size; related topics only when not too big.
const TOPIC_MAX_BYTES = 40_000;
// Filler articles: long enough to be real articles, short enough to leave room for many.
const FILLER_MIN_BYTES = 2_500;
const FILLER_MAX_BYTES = 6_000;

// Each entry lists titles to try in order (the 2022 dump does not always use the obvious one).
const CORE_TOPICS: string[][] = [
  ['대한민국'],
  ['서울특별시'],
  ['삼성전자'],
  ['지구'],
  ['태양'],
  ['달'],
  ['대한민국의 대통령'],
  ['한국어'],
  ['한글'],
  ['세종대왕', '조선 세종'],
  ['이순신'],
  ['부산광역시'],
  ['제주도', '제주특별자치도'],
  ['김치', '배추김치'],
  ['태양계'],
  ['물'],
  ['인터넷'],
  ['컴퓨터', '개인용 컴퓨터'],
  ['축구'],
  ['올림픽'],
];
const RELATED_TOPICS: string[][] = [
  ['6.25 전쟁', '한국 전쟁'],
  ['조선'],
  ['고려'],
  ['신라'],
  ['백제'],
  ['고구려'],
  ['독도'],
  ['한강'],
  ['백두산 천지'],
  ['조선민주주의인민공화국'],
  ['일본'],
  ['중국'],
  ['미국'],
  ['광복절'],
  ['3·1 운동'],
  ['안중근'],
  ['유관순'],
  ['인공 지능'],
  ['스마트폰'],
  ['현대자동차'],
  ['LG전자'],
  ['방탄소년단'],
  ['박지성'],
  ['태권도'],
  ['훈민정음'],
  ['인천국제공항'],
  ['대한민국 국회'],
  ['대한민국 헌법'],
  ['민주주의'],
  ['화성'],
  ['목성'],
  ['금성'],
  ['수성'],
  ['토성'],
  ['빛'],
  ['산소'],
  ['수소'],
  ['태풍'],
  ['백신'],
  ['바이러스'],
  ['세균'],
  ['공룡'],
  ['뇌'],
  ['심장'],
  ['암'],
  ['비타민'],
  ['커피'],
  ['쌀'],
  ['소주'],
  ['서울 지하철'],
  ['한국은행'],
  ['대한민국 육군'],
  ['유럽 연합'],
  ['아시아'],
  ['한반도'],
  ['황해'],
  ['금강산'],
  ['경주시'],
  ['인천광역시'],
  ['대구광역시'],
  ['광주광역시'],
  ['수원시'],
  ['삼국사기'],
  ['석굴암'],
  ['불국사'],
  ['거북선'],
  ['병자호란'],
  ['을사조약'],
  ['한일 병합 조약'],
  ['마이크로소프트'],
  ['애플'],
  ['구글'],
  ['농구'],
  ['배구'],
  ['골프'],
  ['FIFA 월드컵'],
  ['2002년 FIFA 월드컵'],
  ['1988년 하계 올림픽'],
  ['하계 올림픽'],
  ['전기'],
  ['원자'],
  ['분자'],
  ['세포'],
  ['혈액'],
  ['기후'],
  ['설날'],
  ['불고기'],
  ['비빔밥'],
  ['소나무'],
  ['무궁화'],
  ['호랑이'],
  ['까치'],
  ['슈퍼컴퓨터'],
  ['관동대지진', '간토 대지진'],
  ['세종실록'],
];
// Date, year and list pages make poor fact-checking material.
const DULL_TITLE = /\d|목록|동음이의/;

interface DocInfo {
  file: string;
  line: number;
  pageId: number;
  title: string;
  bytes: number;
  textChars: number;
}

async function* docBlocks(file: string) {
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let block: string[] | undefined;
  let start = 0;
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.startsWith('<doc')) {
      block = [line];
      start = n;
    } else if (block) {
      block.push(line);
      if (line.trim() === '</doc>') {
        yield { start, block };
        block = undefined;
      }
    }
  }
}

async function scan(files: string[]): Promise<DocInfo[]> {
  const docs: DocInfo[] = [];
  for (const file of files) {
    for await (const { start, block } of docBlocks(file)) {
      const header = parseDocHeader(block[0] ?? '', `${file}:${start}`, start);
      // Text without the header, the repeated title and the closing tag.
      const text = block.slice(2, -1).join('\n').trim();
      const bytes = block.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
      docs.push({ file, line: start, pageId: header.pageId, title: header.title, bytes, textChars: text.length });
    }
  }
  return docs;
}

function select(docs: DocInfo[]): { chosen: DocInfo[]; missing: string[] } {
  const byTitle = new Map<string, DocInfo>();
  for (const d of docs) if (d.textChars >= 200 && !byTitle.has(d.title)) byTitle.set(d.title, d);
  const chosen = new Map<number, DocInfo>();
  let bytes = 0;
  const missing: string[] = [];
  const take = (d: DocInfo) => {
    chosen.set(d.pageId, d);
    bytes += d.bytes;
  };
  for (const [topics, maxBytes] of [
    [CORE_TOPICS, Infinity],
    [RELATED_TOPICS, TOPIC_MAX_BYTES],
  ] as const) {
    for (const names of topics) {
      const found = names.map((n) => byTitle.get(n)).find((d) => d !== undefined);
      if (!found) missing.push(names.join(' / '));
      else if (found.bytes <= maxBytes && !chosen.has(found.pageId) && bytes + found.bytes <= BUDGET_BYTES) take(found);
    }
  }
  // Spread the fillers evenly over the corpus (which runs from old to newer page ids).
  const fillers = docs.filter(
    (d) =>
      !chosen.has(d.pageId) && !DULL_TITLE.test(d.title) && d.bytes >= FILLER_MIN_BYTES && d.bytes <= FILLER_MAX_BYTES,
  );
  const wanted = Math.max(TARGET_PAGES - chosen.size, 1);
  const step = Math.max(1, Math.floor(fillers.length / wanted));
  for (let i = 0; i < fillers.length && chosen.size < TARGET_PAGES; i += step) {
    const d = fillers[i];
    if (d && bytes + d.bytes <= BUDGET_BYTES) take(d);
  }
  return { chosen: [...chosen.values()], missing };
}

async function main() {
  if (!fs.existsSync(corpus)) throw new UserError(`--corpus: no such folder: ${corpus} (see ../shared/data/README.md)`);
  const files = listInputFiles([corpus]);
  const docs = await scan(files);
  const { chosen, missing } = select(docs);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'olala-sample-'));
  try {
    // Keep the corpus order so the sample reads like a slice of the dump.
    const wanted = new Set(chosen.map((d) => d.pageId));
    const extract = path.join(tmp, 'wiki_sample');
    const out = fs.createWriteStream(extract);
    for (const file of files) {
      for await (const { block } of docBlocks(file)) {
        const id = /\bid="(\d+)"/.exec(block[0] ?? '')?.[1];
        if (id && wanted.has(Number(id))) out.write(`${block.join('\n')}\n`);
      }
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const result = await convertWikiExtractor({ from: [extract], outDir });
    const size = fs.statSync(result.pagesFile).size + fs.statSync(result.chunksFile).size;
    process.stdout.write(
      [
        `wiki_pages: ${result.pages} (${path.relative(root, result.pagesFile)})`,
        `wiki_chunks: ${result.chunks} (${path.relative(root, result.chunksFile)})`,
        `csv_bytes: ${size}`,
        `topics_missing_from_corpus: ${missing.length ? missing.join(', ') : 'none'}`,
        '',
      ].join('\n'),
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (err) {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof UserError ? 2 : 1);
}

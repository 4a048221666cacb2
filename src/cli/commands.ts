/**
 * The CLI's commands as data: for each, the spec its flags are parsed and its help is printed from
 * (src/cli/args.ts) and the module that runs it (loaded only when that command runs, so the command
 * list and `--help` stay fast). `runCli` dispatches; main.ts is only the process entry around it.
 */
import { configSchema } from '../config.js';
import { defineCommand, displayWidth, padCell, renderHelp, type CommandSpec, type FlagSpec } from './args.js';

/** Settings as they are with no environment, for the defaults the help shows. */
const DEFAULTS = configSchema.parse({});

/** The model `model:fetch` downloads when no `--model` is given: small (24–95 MB), Chinese, retrieval-trained. */
export const RECOMMENDED_MODEL = 'Xenova/bge-small-zh-v1.5';

const question = { name: '"问题"', description: '要问的问题，可不加引号 (the question; quotes optional)', required: true, variadic: true } as const;
const threshold = (description: string) => ({ type: 'string', value: 'X', description, defaultText: '不检查 (not checked)' }) as const;

export const SPECS = {
  ingest: defineCommand({
    name: 'ingest',
    invocation: 'npm run ingest --',
    summary: '解析语料库，逐份列出报告的元数据和结构 (parse the corpus and list every report: metadata, sections, paragraphs, chunks, warnings)',
    details: ['不写入索引；缺失的元数据各有一行警告，最后一行是覆盖率 (writes no index; a warning per missing metadata field, then a coverage line)'],
    positionals: [{ name: 'DIR', description: `要解析的文件夹 (folder to parse)；默认 (default): 语料库 ${DEFAULTS.corpusDir}/ (NIANBAO_CORPUS_DIR)` }],
    flags: { json: { type: 'boolean', description: '输出 JSON 而不是表格 (print JSON instead of a table)' } },
    examples: ['npm run ingest', 'npm run -s ingest -- tests/fixtures/eval/realistic/corpus --json'],
  }),
  index: defineCommand({
    name: 'index',
    invocation: 'npm run index --',
    summary: '使索引与语料库一致：只读取改动过的文件，提交新一代索引 (bring index/ in step with corpus/: only changed files are read, committed as a new generation)',
    details: [
      '每次运行先按校验和检查索引并修复损坏之处 (every run first checks the index against its checksums and repairs damage)',
      `运行中的服务会自动加载新一代索引，无需重启 (a running server picks up the new generation by itself within NIANBAO_RELOAD_INTERVAL_MS, ${DEFAULTS.reloadIntervalMs} ms; no restart)`,
    ],
    positionals: [],
    flags: {
      force: { type: 'boolean', description: '从文件重新构建全部索引，写入新的存储 (rebuild everything from the files into a new store)' },
      'rebuild-model': { type: 'boolean', description: '重新生成离线模型并重算全部向量，不重读文件 (derive the offline model again and re-embed everything, without re-reading files)' },
    },
    examples: ['npm run index', 'npm run index -- --force'],
  }),
  search: defineCommand({
    name: 'search',
    invocation: 'npm run -s search --',
    summary: '列出与问题最相关的段落，不作答 (retrieval hits for a question, without answering)',
    positionals: [question],
    flags: {
      json: { type: 'boolean', description: '输出 JSON {query, notice, hits} (print JSON)' },
      k: { type: 'string', value: 'N', description: '返回的条数，1–50 (number of hits, 1–50)', defaultText: `${DEFAULTS.topK} (NIANBAO_TOP_K)` },
      mode: { type: 'string', value: 'MODE', description: '检索方式 (retrieval mode)', default: 'hybrid', choices: ['hybrid', 'lexical', 'vector'] },
    },
    examples: ['npm run -s search -- 祥符区2018年办结市长专线多少件', 'npm run -s search -- --json --k 10 --mode lexical "赤峰2012年依申请公开多少件"'],
  }),
  ask: defineCommand({
    name: 'ask',
    invocation: 'npm run ask --',
    summary: '回答一个问题并列出引用 (answer one question, with its citations)',
    details: ['需要时先构建索引 (builds the index first when it is missing or stale)'],
    positionals: [question],
    flags: { json: { type: 'boolean', description: '输出 JSON {answer, citations, refused, grounded, meta} (print JSON)' } },
    examples: ['npm run ask -- 赤峰2012年依申请公开多少件', 'npm run -s ask -- --json "赤峰2012年依申请公开多少件"'],
  }),
  serve: defineCommand({
    name: 'serve',
    invocation: 'npm start --',
    summary: '启动问答服务（API、演示页、小部件），需要时先构建索引 (serve the API, demo page and widget; builds the index first when missing or stale)',
    details: [
      '构建期间 API 回答 503 INDEX_NOT_READY 并附进度 (while building, the API answers 503 INDEX_NOT_READY with progress)',
      `之后自动加载 npm run index 提交的新索引，无需重启 (afterwards it picks up every new index generation by itself within NIANBAO_RELOAD_INTERVAL_MS, ${DEFAULTS.reloadIntervalMs} ms; no restart)`,
    ],
    positionals: [],
    flags: {
      port: { type: 'string', value: 'PORT', description: '监听端口，0 = 任一空闲端口 (port; 0 = any free port)', defaultText: `${DEFAULTS.port} (PORT)` },
      host: { type: 'string', value: 'HOST', description: '监听地址 (address to listen on)', defaultText: `${DEFAULTS.host} (HOST)` },
    },
    examples: ['npm start', 'npm start -- --port 9000 --host 0.0.0.0'],
  }),
  batch: defineCommand({
    name: 'batch',
    invocation: 'npm run batch --',
    summary: '批量回答问题文件，保持输入顺序，可断点续跑 (answer every question of a file, in input order, resumable)',
    details: [
      '输入 (input): JSONL，每行一个 {"question": …}；或表头含 question 列的 CSV（UTF-8 或 GBK）；其余字段原样带到输出 (other fields pass through)',
      'id 可省略：JSONL 取行号，CSV 取数据行号，不计表头 (id is optional: JSONL uses the line number, CSV the data row number, header not counted)',
      '有问题的行会被跳过并指明行号和字段；退出码 = 失败的行数 (bad lines are skipped, naming line and field; exit code = number of failed lines)',
    ],
    positionals: [{ name: 'questions.jsonl|.csv', description: '问题文件 (the question file)', required: true }],
    flags: {
      out: {
        type: 'string',
        value: 'FILE',
        description: '答案写入 FILE（.jsonl 或 .csv）；已存在则跳过其中已回答的问题 (write answers to FILE; an existing FILE resumes)',
        defaultText: '标准输出，JSONL (stdout, JSONL)',
      },
      concurrency: { type: 'string', value: 'N', description: '同时回答的问题数，1–64 (questions answered at once, 1–64)', default: '1' },
    },
    examples: ['npm run batch -- questions.jsonl --out answers.csv', 'npm run batch -- questions.csv --out answers.jsonl --concurrency 2'],
  }),
  eval: defineCommand({
    name: 'eval',
    invocation: 'npm run eval --',
    summary: '回答并评测一套标准问题：准确率、拒答、检索召回、错答率 (answer and score a gold question set: accuracy, refusals, recall, wrong answers)',
    details: [
      '问题文件 (gold file): JSONL，每行 {id, question, kind: fact|none, facts, source, evidence}',
      '任一阈值未达标时退出码为 1 (exits 1 when a threshold is not met)',
    ],
    positionals: [{ name: 'questions.jsonl', description: '标准问题集 (the gold question set)', required: true }],
    flags: {
      corpus: { type: 'string', value: 'DIR', description: '用另一个语料库评测 (evaluate against another corpus)', defaultText: `${DEFAULTS.corpusDir}/ (NIANBAO_CORPUS_DIR)` },
      index: { type: 'string', value: 'DIR', description: '该语料库的索引文件夹，首次运行时创建 (its index folder, created on the first run)', defaultText: `${DEFAULTS.indexDir}/ (NIANBAO_INDEX_DIR)` },
      models: { type: 'string', value: 'DIR', description: '模型文件夹，只对下载的模型有意义 (models folder; only for fetched hub models)', defaultText: `${DEFAULTS.modelsDir}/ (NIANBAO_MODELS_DIR)` },
      report: { type: 'string', value: 'DIR', description: '写入 summary.json 和可读的 index.html (write summary.json and a readable index.html)', defaultText: '不写 (none)' },
      concurrency: { type: 'string', value: 'N', description: '同时回答的问题数，1–64 (questions answered at once, 1–64)', default: '1' },
      'min-both': threshold('答案和引用都正确的比例下限，0–1 (lowest share answered and cited correctly)'),
      'min-answer': threshold('答案准确率下限 (lowest answer accuracy)'),
      'min-citation': threshold('引用准确率下限 (lowest citation accuracy)'),
      'min-refusal-recall': threshold('应拒答问题的拒答率下限 (lowest refusal recall)'),
      'min-recall5': threshold('检索 recall@5 下限 (lowest retrieval recall@5)'),
      'max-ungrounded': threshold('未通过数字核对的答案数上限 (most answers failing the number check)'),
      'max-wrong': threshold('错答率上限 (highest wrong-answer rate)'),
      'max-abstention': threshold('弃答率上限 (highest abstention rate)'),
    },
    examples: ['npm run eval -- tests/fixtures/eval/dev.jsonl --min-both 1 --max-wrong 0', 'npm run eval -- gold.jsonl --corpus my-corpus --index index/my --report eval-report'],
  }),
  mcp: defineCommand({
    name: 'mcp',
    invocation: 'npm run -s mcp --',
    summary: '通过标准输入输出提供 MCP 服务（检索、问答、读段落、列报告），需要时先构建索引 (serve the MCP tools search_reports, ask, get_paragraph, list_reports over stdio; builds the index first when missing or stale)',
    details: [
      '标准输出只用于 MCP 协议，进度和日志写到标准错误 (stdout carries only the protocol; progress and logs go to stderr)',
      '由 MCP 客户端启动，见 README「MCP server」 (started by an MCP client; see the README section "MCP server")',
      '同样的工具也在运行中的服务的 /mcp 上提供 (the same tools are at /mcp of a running server, Streamable HTTP)',
    ],
    positionals: [],
    flags: {},
    examples: ['npm run -s mcp', 'npx @modelcontextprotocol/inspector npm run -s mcp'],
  }),
  stats: defineCommand({
    name: 'stats',
    invocation: 'npm run -s stats --',
    summary: '一个统计项在各报告中的数值，每个数值注明出处 (the values of one standard measure across reports, each cited)',
    details: [
      '未说明该项的报告单独列出，不计为 0 (reports that do not state the measure are listed as such, never counted as 0)',
      '不指定统计项时列出全部统计项 (without a measure, lists the measures)',
    ],
    positionals: [],
    flags: {
      measure: { type: 'string', value: 'ID', description: '统计项 id，如 依申请公开.收到 (measure id)', defaultText: '无：列出统计项 (none: list the measures)' },
      region: { type: 'string', value: 'NAME', description: '地区，含下辖地区，如 赤峰 (region, with the places below it)', defaultText: '全部地区 (every region)' },
      include: { type: 'string', value: 'SCOPE', description: '地区范围：本级及下辖、仅本级、仅下辖 (the region and the places below it, the region only, or below only)', default: 'all', choices: ['all', 'self', 'below'] },
      year: { type: 'string', value: 'YEAR', description: '年份或范围，如 2012 或 2012-2019 (a year or a range)', defaultText: '全部年份 (every year)' },
      body: { type: 'string', value: 'BODY', description: '发布机关，如 人民政府 (issuing body)', defaultText: '全部机关 (every body)' },
      csv: { type: 'boolean', description: '输出 CSV (print CSV)' },
      json: { type: 'boolean', description: '输出 JSON，与 GET /api/stats 相同 (print the JSON of GET /api/stats)' },
    },
    examples: ['npm run -s stats -- --measure 依申请公开.收到', 'npm run -s stats -- --measure 依申请公开.收到 --region 赤峰 --csv > 赤峰.csv', 'npm run -s stats'],
  }),
  'model-fetch': defineCommand({
    name: 'model-fetch',
    invocation: 'npm run model:fetch --',
    summary: '从 Hugging Face 下载嵌入模型到 models/ (download an embedding model from the Hugging Face hub into models/)',
    details: ['无法连接时一行说明如何手动放置文件 (without a reachable hub, one line says how to place the files by hand)'],
    positionals: [],
    flags: {
      model: { type: 'string', value: 'ID', description: '模型仓库 id (hub model id)', default: RECOMMENDED_MODEL },
      'models-dir': { type: 'string', value: 'DIR', description: '模型存放的文件夹 (folder to store models in)', defaultText: `${DEFAULTS.modelsDir}/ (NIANBAO_MODELS_DIR)` },
      dtype: { type: 'string', value: 'TYPE', description: '权重精度 (weight precision)', default: 'fp32', choices: ['fp32', 'q8'] },
    },
    examples: ['npm run model:fetch', 'npm run model:fetch -- --model Xenova/bge-small-zh-v1.5 --dtype q8'],
  }),
} satisfies Record<string, CommandSpec<Record<string, FlagSpec>>>;

export type CommandName = keyof typeof SPECS;

const MODULES: Record<CommandName, () => Promise<{ run(args: string[]): Promise<number> }>> = {
  ingest: () => import('./ingest.js'),
  index: () => import('./index-build.js'),
  search: () => import('./search.js'),
  ask: () => import('./ask.js'),
  serve: () => import('./serve.js'),
  batch: () => import('./batch.js'),
  eval: () => import('./eval.js'),
  mcp: () => import('./mcp.js'),
  stats: () => import('./stats.js'),
  'model-fetch': () => import('./model-fetch.js'),
};

/** The command list: one line per command, then how to get one command's help. */
export function renderCommandList(): string {
  const names = Object.keys(SPECS) as CommandName[];
  const script = (n: CommandName) => SPECS[n].invocation.replace(/ --$/, '');
  const width = Math.max(...names.map(displayWidth));
  const scriptWidth = Math.max(...names.map((n) => displayWidth(script(n))));
  return [
    '年报问答 (nianbao) 命令行 (command line)',
    '',
    '用法 (usage): npm run <脚本 script> -- [参数 args]  或 (or)  npx tsx src/cli/main.ts <命令 command> [参数 args]',
    '',
    '命令 (commands):',
    ...names.map((n) => `  ${padCell(n, width)}  ${padCell(script(n), scriptWidth)}  ${SPECS[n].summary}`),
    '',
    '每个命令的帮助 (help for one command): npm run ask -- --help (或 or: npx tsx src/cli/main.ts help ask)',
    '',
  ].join('\n');
}

/**
 * Runs `argv` (`<command> [...args]`) and returns the exit code. No command, `help`, `--help` or `-h`
 * prints the command list (exit 0), `help <command>` that command's help; an unknown command prints
 * the list on stderr (exit 2).
 */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'help' && args[0] !== undefined && Object.hasOwn(SPECS, args[0])) {
    process.stdout.write(renderHelp(SPECS[args[0] as CommandName]));
    return 0;
  }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(renderCommandList());
    return 0;
  }
  if (!Object.hasOwn(MODULES, name)) {
    process.stderr.write(`未知命令 (unknown command): ${name}\n\n${renderCommandList()}`);
    return 2;
  }
  return (await MODULES[name as CommandName]()).run(args);
}

/**
 * stackless graph: the facts it reads from the analysis for the seed gallery's samples, and its
 * three outputs checked by the real tools (Mermaid's own parser under jsdom, Graphviz for DOT,
 * resvg rendering the SVG to PNG).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { siteGraphFacts, PANICKED, type SiteGraphFacts } from "../../cli/graph/facts";
import { buildGraph, lineGraph, statesGraph } from "../../cli/graph/model";
import { renderDot, toDot, toMermaid, toSvg } from "../../cli/graph/render";
import { main } from "../../cli/index";
import type { CliIO } from "../../cli/command";

const root = path.resolve(__dirname, "../../..");
const sample = (name: string): string => path.join(root, "samples", `${name}.ts`);

function factsOfText(code: string): SiteGraphFacts[] {
  return siteGraphFacts(ts, ts.createSourceFile("t.ts", code, ts.ScriptTarget.Latest, true));
}
function factsOfSample(name: string, binding: string): SiteGraphFacts {
  const all = factsOfText(fs.readFileSync(sample(name), "utf8"));
  const f = all.find((x) => x.name === binding);
  if (!f) throw new Error(`no site ${binding} in ${name}: ${all.map((x) => x.name).join(", ")}`);
  return f;
}
const edges = (f: SiteGraphFacts): string[] => f.transitions.map((t) => `${t.from}->${t.to}`);

function io(cwd = root): CliIO & { out: string; err: string } {
  const r = { out: "", err: "", cwd, isTTY: false, stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t) };
  return r;
}

describe("graph: facts from the analysis", () => {
  it("the summer: Start → Add, then Add eats its own input forever (no Done, no panic)", () => {
    const f = factsOfSample("summer", "summer");
    expect(f.marker).to.equal("coroutine");
    expect(f.states).to.deep.equal(["Start", "Add"]);
    expect(edges(f)).to.deep.equal(["Start->Add", "Add->Add"]);
    expect(f.transitions.map((t) => t.output)).to.deep.equal(["sum", "sum"]);
    expect(f.firstInput).to.equal("first: number");
    expect(f.canThrow).to.equal(false);
  });

  it("yield at the start: the first yield_() never suspends, so it has no state", () => {
    const f = factsOfSample("yield-at-start-summer", "summer");
    expect(f.states).to.deep.equal(["Start", "Add"]);
    expect(edges(f)).to.deep.equal(["Start->Add", "Add->Add"]);
    expect(f.firstInput).to.equal("number");
  });

  it("the ouroboroutine: one state eating its own tail; resume_if_you_dare ends in a panicked Done", () => {
    const summer = factsOfSample("ouroboroutine", "summer");
    expect(summer.states).to.deep.equal(["Start"]);
    expect(edges(summer)).to.deep.equal(["Start->Start"]);
    const dare = factsOfSample("ouroboroutine", "resumeIfYouDare");
    expect(edges(dare)).to.deep.equal(["Start->Yield1", `Yield1->${PANICKED}`]);
    expect(dare.canThrow).to.equal(true);
  });

  it("extend async: some_function().await + 3 has states Start, Await1, Done", () => {
    const f = factsOfSample("extend-async", "myCoroutine");
    expect(f.states).to.deep.equal(["Start", "Await1", "Done"]);
    expect(edges(f)).to.include.members(["Start->Await1", "Await1->Await1", "Await1->Done", "Start->Done"]);
    expect(f.transitions.find((t) => t.to === "Await1")!.output).to.equal("Poll.pending");
  });

  it("RFC 2781: every resume takes the parameter again; the end is a return", () => {
    const f = factsOfSample("unified", "gen");
    expect(edges(f)).to.deep.equal(["Start->Yield1", "Yield1->Yield2", "Yield2->Done"]);
    expect(f.transitions.map((t) => t.input)).to.deep.equal(["name: string", "name: string", "name: string"]);
    expect(f.transitions[2].end).to.equal("return");
  });

  it("with a checker, outputs carry their types", () => {
    const file = sample("summer");
    const program = ts.createProgram([file], { strict: true, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, noEmit: true });
    const [f] = siteGraphFacts(ts, program.getSourceFile(file)!, program.getTypeChecker());
    expect(f.transitions[0].output).to.equal("sum: number");
  });

  it("a body the compiler cannot take is reported, not thrown", () => {
    const [f] = factsOfText(`import { coroutine, yield_ } from "stackless";\nconst c = coroutine(async () => { yield_(1); });`);
    expect(f.unsupported).to.match(/async/);
    expect(f.states).to.deep.equal([]);
  });

  it("a try/catch around a throw keeps the instance out of the panicked Done", () => {
    const [f] = factsOfText(`import { coroutine, yield_ } from "stackless";\nconst c = coroutine(() => { try { yield_(1); throw 1; } catch { return 2; } });`);
    expect(edges(f)).to.deep.equal(["Start->Yield1", "Yield1->Done"]);
  });
});

describe("graph: broken source text", () => {
  it("never throws: every prefix cut of the gallery's samples, and the same with a brace dropped, gives facts or none", () => {
    let sitesSeen = 0;
    for (const name of ["yield-at-start-summer", "ouroboroutine", "delay-line", "unified", "yield-expression", "extend-async"]) {
      const text = fs.readFileSync(sample(name), "utf8");
      for (let cut = 0; cut < text.length; cut += 97) {
        for (const broken of [text.slice(0, cut), text.slice(0, cut) + text.slice(cut + 1)]) {
          const facts = factsOfText(broken);
          for (const f of facts) {
            for (const view of ["states", "line"] as const) toDot(buildGraph(f, view));
            toMermaid(statesGraph(f));
          }
          sitesSeen += facts.length;
        }
      }
    }
    // The cuts must leave sites to draw, or this tests nothing.
    expect(sitesSeen).to.be.greaterThan(100);
  });
});

describe("graph: the two views", () => {
  it("the states view: ! (never) out of Done", () => {
    const g = statesGraph(factsOfSample("unified", "gen"));
    expect(g.edges.map((e) => e.label)).to.include("! (never)");
    expect(g.edges.find((e) => e.from === "Yield2")!.label).to.equal("name: string / return name");
  });

  it("the line view: resumes as nodes, joined by the suspension point between them", () => {
    const g = lineGraph(factsOfSample("yield-at-start-summer", "summer"));
    const steps = g.nodes.filter((n) => n.shape === "step").map((n) => n.label.split("\n")[0]);
    expect(steps).to.deep.equal(["Start → Add", "Add → Add"]);
    expect(g.edges.map((e) => e.label)).to.deep.equal(["Start: number", "Add: sum / number", "Add: sum / number"]);
  });
});

describe("graph: outputs checked by the real tools", () => {
  it("Mermaid's own parser accepts both views of every seed sample (under jsdom)", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { JSDOM } = require("jsdom") as { JSDOM: new (html: string) => { window: any } };
    const dom = new JSDOM("<!doctype html><html><body></body></html>");
    const g = globalThis as any;
    const saved = { window: g.window, document: g.document };
    g.window = dom.window;
    g.document = dom.window.document;
    try {
      const mermaid = (await import("mermaid")).default;
      for (const name of ["yield-at-start-summer", "ouroboroutine", "delay-line", "unified", "yield-expression", "extend-async"]) {
        for (const f of factsOfText(fs.readFileSync(sample(name), "utf8"))) {
          for (const view of ["states", "line"] as const) {
            const text = toMermaid(buildGraph(f, view));
            const parsed = await mermaid.parse(text);
            expect(parsed && parsed.diagramType, `${name} ${f.name} ${view}`).to.equal("flowchart-v2");
          }
        }
      }
      let rejected = false;
      await mermaid.parse("flowchart LR\n  A -->|broken").catch(() => (rejected = true));
      expect(rejected, "the parser rejects bad text").to.equal(true);
    } finally {
      g.window = saved.window;
      g.document = saved.document;
    }
  });

  it("the DOT renders through Graphviz, and bad DOT does not", async () => {
    const svg = await renderDot(toDot(statesGraph(factsOfSample("summer", "summer"))));
    expect(svg).to.contain("<svg").and.contain(">Start</text>").and.contain(">Add</text>");
    let failed = false;
    await renderDot("digraph { a -> }").catch(() => (failed = true));
    expect(failed).to.equal(true);
  });

  it("the SVG renders to a PNG with resvg and holds the states and labels", async () => {
    const svg = await toSvg(statesGraph(factsOfSample("summer", "summer")));
    for (const label of ["Start", "Add", "first: number / sum"]) expect(svg).to.contain(label);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const resvg = require("@resvg/resvg-wasm") as typeof import("@resvg/resvg-wasm");
    await resvg.initWasm(fs.readFileSync(require.resolve("@resvg/resvg-wasm/index_bg.wasm"))).catch((e: Error) => {
      if (!/already/.test(e.message)) throw e;
    });
    const image = new resvg.Resvg(svg).render();
    const png = image.asPng();
    expect(image.width).to.be.greaterThan(100);
    expect(image.height).to.be.greaterThan(20);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).to.equal("PNG");
  });
});

describe("graph: the command", () => {
  it("stackless graph samples/summer.ts --format svg -o out writes an SVG of Start → Add", async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "graph-")), "summer.svg");
    const r = io();
    expect(await main(["graph", "samples/summer.ts", "--format", "svg", "-o", out], r)).to.equal(0);
    const svg = fs.readFileSync(out, "utf8");
    expect(svg).to.match(/^<\?xml/).and.contain(">Start</text>").and.contain(">Add</text>");
  });

  it("--view line --format dot prints the line graph", async () => {
    const r = io();
    expect(await main(["graph", "samples/summer.ts", "--view", "line", "--format", "dot", "--no-types"], r)).to.equal(0);
    expect(r.out).to.contain("line graph").and.contain("Start → Add").and.contain("Add: sum / number");
  });

  it("--name picks one site; an unknown name lists the file's sites", async () => {
    const ok = io();
    expect(await main(["graph", "samples/ouroboroutine.ts", "--name", "resumeIfYouDare", "--no-types"], ok)).to.equal(0);
    expect(ok.out).to.contain("resumeIfYouDare").and.not.contain("summer (");
    const bad = io();
    expect(await main(["graph", "samples/ouroboroutine.ts", "--name", "nope", "--no-types"], bad)).to.equal(1);
    expect(bad.err).to.contain("summer, resumeIfYouDare");
  });

  it("usage errors and missing files exit 1 with a message", async () => {
    for (const args of [["graph"], ["graph", "samples/summer.ts", "--view", "sideways"], ["graph", "no/such.ts"]]) {
      const r = io();
      expect(await main(args, r), args.join(" ")).to.equal(1);
      expect(r.err).to.match(/stackless graph: /);
    }
  });

  it("several sites need --name for an SVG", async () => {
    const r = io();
    expect(await main(["graph", "samples/unified.ts", "--format", "svg", "--no-types"], r)).to.equal(1);
    expect(r.err).to.contain("--name");
  });
});

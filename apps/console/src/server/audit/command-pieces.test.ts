import { describe, expect, it } from "vitest";
import { commandPieces, rarestPieces } from "./command-pieces";

/** pg_trgm's trigrams of a text: every three characters of each lowercased word, padded "  w" ... "d ". */
function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

describe("commandPieces", () => {
  it("takes non-overlapping pieces of each word, and each word's last three", () => {
    expect(commandPieces("please install fire")).toEqual(["ple", "ase", "ins", "tal", "all", "fir", "ire"]);
    expect(commandPieces("Please INSTALL Fire")).toEqual(commandPieces("please install fire"));
    expect(commandPieces("ask-nix add vim")).toEqual(["ask", "nix", "add", "vim"]);
  });

  it("has nothing to look up when no word has three ASCII letters or digits", () => {
    expect(commandPieces("a b")).toEqual([]);
    expect(commandPieces("ab-cd")).toEqual([]);
    expect(commandPieces("%_")).toEqual([]);
    expect(commandPieces("né")).toEqual([]);
  });

  it("splits words where pg_trgm does, so every piece is a trigram of any command containing the phrase", () => {
    const phrases = ["please install fire", "enable the service ng", "x_y-zzz9 nginx", "refox 3fa9c1", "ÉTÉ nginx"];
    const commands = (p: string) => [`ask-nix ${p}`, `${p}fox`, `re${p.toUpperCase()}`, `--${p}--`];
    for (const p of phrases) {
      for (const c of commands(p)) {
        const have = trigrams(c);
        for (const piece of commandPieces(p)) expect(have.has(piece), `${piece} in "${c}"`).toBe(true);
      }
    }
  });
});

describe("rarestPieces", () => {
  // commands shaped like a real trail: "please install firefox" never occurs, its words do, a lot
  const verbs = ["install", "please install", "add", "remove", "upgrade and then install"];
  const pkgs = ["docker", "nginx", "firefox", "vim", "git", "curl", "htop", "redis"];
  const sample = Array.from({ length: 300 }, (_, i) => {
    const verb = verbs[i % verbs.length]!;
    const pkg = pkgs[(i * 7) % pkgs.length]!;
    return `ask-nix ${verb === "please install" && pkg === "firefox" ? "add" : verb} ${pkg} ${(i * 2654435761) % 4096}`;
  });

  it("reads the rarest pieces that no sampled command holds together", () => {
    expect(sample.some((c) => c.includes("please install fire"))).toBe(false);
    expect(rarestPieces(commandPieces("please install fire"), sample)).toEqual(["fir", "ple"]);
    expect(rarestPieces(commandPieces("please install firewood"), sample)).toEqual(["ewo", "ood"]);
  });

  it("reads every piece of a phrase the sample holds, or when the sample is too small to tell", () => {
    const common = commandPieces("upgrade and then install");
    expect(rarestPieces(common, sample)).toEqual(common);
    const pieces = commandPieces("please install fire");
    expect(rarestPieces(pieces, sample.slice(0, 20))).toEqual(pieces);
    expect(rarestPieces(pieces, [])).toEqual(pieces);
    expect(rarestPieces(["fir", "ple"], sample)).toEqual(["fir", "ple"]);
  });
});

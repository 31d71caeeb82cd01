/**
 * "did you mean …?" for names typed by hand. Ranked: same letters ignoring case and
 * spacing; then a name that contains what was typed (all of its words); then small typos.
 */
const MAX_SUGGESTIONS = 3;

export function closestMatches(input: string, candidates: Iterable<string>): string[] {
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === input) continue;
    const score = matchScore(input, candidate);
    if (score !== undefined) scored.push({ candidate, score });
  }
  if (scored.length === 0) return [];
  const best = scored.reduce((min, entry) => Math.min(min, entry.score), Infinity);
  return scored.filter((entry) => entry.score === best).slice(0, MAX_SUGGESTIONS).map((entry) => entry.candidate);
}

export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const matches = closestMatches(input, candidates);
  if (matches.length === 0) return undefined;
  if (matches.length === 1) return `did you mean '${matches[0]}'?`;
  return `did you mean one of: ${matches.map((match) => `'${match}'`).join(', ')}?`;
}

function matchScore(input: string, candidate: string): number | undefined {
  const typed = normalise(input);
  const known = normalise(candidate);
  if (typed === known) return 0;
  const typedWords = words(input);
  if (typed.length >= 3 && (known.includes(typed) || typedWords.every((word) => words(candidate).includes(word)))) return 1;
  const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
  return distance <= Math.max(2, Math.floor(input.length / 4)) ? distance : undefined;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9@.]/g, '');
}

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9@.]+/).filter((word) => word !== '');
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * A rough estimate of how hard a webhook secret is to guess, for validate's
 * warning. Fingerprints are keyed now, but the secret itself still travels to
 * the endpoint and sits in Zendesk; a short or dictionary secret is weak
 * wherever it leaks. The estimate is length × log2(alphabet), where repeats
 * and runs (aaaa, abcd, 4321) add nothing and a common word counts as one
 * guess from a short list. Only the number leaves this module, never the value.
 */

/** Below this the secret can be searched for; 128-bit random tokens are ~130 here. */
export const WEAK_SECRET_BITS = 80;

/** Words people build passwords from (lower case, at least 4 letters); each is worth about 10 bits. */
const COMMON_WORDS = [
  'password', 'passwd', 'secret', 'token', 'admin', 'administrator', 'letmein', 'welcome', 'qwerty', 'azerty', 'asdf',
  'changeme', 'default', 'login', 'master', 'monkey', 'dragon', 'shadow', 'sunshine', 'princess', 'football', 'baseball',
  'iloveyou', 'trustno1', 'superman', 'batman', 'hello', 'freedom', 'whatever', 'access', 'test', 'testing', 'example',
  'zendesk', 'slack', 'webhook', 'support', 'company', 'summer', 'winter', 'spring', 'autumn', 'guest', 'user', 'root',
];
const WORD_BITS = 10;

export interface SecretStrength {
  bits: number;
  /** Common words made up part of it. */
  dictionary: boolean;
}

export function secretStrength(secret: string): SecretStrength {
  let rest = secret.toLowerCase();
  let words = 0;
  for (const word of [...COMMON_WORDS].sort((a, b) => b.length - a.length)) {
    while (rest.includes(word)) {
      rest = rest.replace(word, '\u0000');
      words++;
    }
  }
  // The alphabet is judged on the original spelling: upper case letters widen it.
  const bits = Math.round(effectiveLength(rest.replace(/\u0000/g, '')) * Math.log2(alphabet(secret)) + words * WORD_BITS);
  return { bits, dictionary: words > 0 };
}

export function isWeakSecret(strength: SecretStrength): boolean {
  return strength.bits < WEAK_SECRET_BITS;
}

function alphabet(secret: string): number {
  let size = 0;
  if (/[a-z]/.test(secret)) size += 26;
  if (/[A-Z]/.test(secret)) size += 26;
  if (/[0-9]/.test(secret)) size += 10;
  if (/[^a-zA-Z0-9]/.test(secret)) size += 33;
  return Math.max(size, 2);
}

/** Characters that are not a repeat of, or one step from, the one before. */
function effectiveLength(text: string): number {
  const codes = [...text].map((c) => c.codePointAt(0) ?? 0);
  return codes.filter((code, i) => i === 0 || Math.abs(code - codes[i - 1]) > 1).length;
}

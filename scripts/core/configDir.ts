/**
 * The config directory as the user named it (`--config`), for messages: `config/`
 * by default, `teams/emea/` when that was given. Messages that said "config/"
 * whatever was given sent people looking in the wrong place.
 */
export function configDirLabel(root: string): string {
  const trimmed = root.replace(/[\\/]+$/, '');
  return trimmed === '' ? '/' : `${trimmed}/`;
}

/**
 * Why a file the command line was given cannot be read, as a phrase ("no such file", "it is a folder", …), or null
 * when the failure is not the file system's. The one reading of these errors for every file a command or the configuration names.
 */
export function unreadableFile(error: unknown): string | null {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'this user may not read it';
  if (code === 'ELOOP') return 'its symbolic links lead round in a loop';
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return `the system says ${code} on ${syscall ?? 'read'}`;
  return null;
}

/* Symbol names for stack addresses, as the tools print them: "func+0x1a".
 *
 * Kernel addresses come from /proc/kallsyms (read once, sorted, searched by
 * binary search); a symbol of a module gets " [module]" after it. Reading
 * kallsyms addresses needs root (kptr_restrict): unprivileged, every address
 * reads 0 and nothing is found.
 *
 * User addresses of process PID come from /proc/PID/maps and the ELF
 * symbols (.symtab, else .dynsym) of the mapped file, read with elf/. An
 * address becomes a file offset through its mapping (address - start +
 * mapping offset), then a link-time address through the file's PT_LOAD
 * program headers, which is what st_value holds in executables, PIE
 * programs and shared libraries alike. Each file is read once per
 * struct cli_syms; each process's maps are read again when an address lies
 * in none of the mappings read before (the process mapped something new).
 *
 * Not found is not an error for the caller's output: buf always gets
 * something printable ("0x7f12..." when no symbol covers the address).
 */
#ifndef RAWBPF_CLI_SYMBOLIZE_H
#define RAWBPF_CLI_SYMBOLIZE_H

#include <stddef.h>
#include <stdint.h>

struct cli_syms;

struct cli_syms *cli_syms_new(void);
void cli_syms_free(struct cli_syms *s);

/* Read /proc/kallsyms now (cli_sym_kernel does on first use). -EPERM when
 * every address reads 0 (not root, or kptr_restrict). */
int cli_syms_load_kernel(struct cli_syms *s, char *err, size_t errlen);

/* The same from a file in kallsyms' format ("ADDR TYPE NAME[\t[MODULE]]"
 * lines), instead of /proc/kallsyms: tests, or a saved copy. Only the first
 * load of a struct cli_syms reads anything. */
int cli_syms_load_kallsyms(struct cli_syms *s, const char *path, char *err, size_t errlen);

/* Kernel address addr as "func+0xoff" or "func+0xoff [module]" into buf.
 * 0, or -ENOENT (buf holds the address in hex) when no symbol is at or
 * below addr or kallsyms could not be read. */
int cli_sym_kernel(struct cli_syms *s, uint64_t addr, char *buf, size_t len);

/* User address addr of process pid as "func+0xoff" into buf; *file (may be
 * NULL) is set to the mapped file's path, or NULL. 0, or -ENOENT (buf holds
 * the address in hex) when no mapping or no symbol covers it. */
int cli_sym_user(struct cli_syms *s, int pid, uint64_t addr, char *buf, size_t len,
		 const char **file);

/* Forget process pid's mappings (it exited; its pid may be reused). */
void cli_syms_forget(struct cli_syms *s, int pid);

#endif

/* btf/ext.c — parse .BTF.ext: func_info, line_info and CO-RE records.
 *
 * Layout (what clang emits and the kernel's BPF_PROG_LOAD consumes per
 * program): a header
 *     u16 magic 0xeB9F, u8 version 1, u8 flags, u32 hdr_len,
 *     u32 func_info_off, func_info_len, line_info_off, line_info_len,
 *     [u32 core_relo_off, core_relo_len   when hdr_len covers them]
 * with offsets relative to the header's end. Each block is
 *     u32 rec_size, then per ELF section: u32 sec_name_off, u32 num_info,
 *     num_info records of rec_size bytes
 * where a record starts with the kernel's struct bpf_func_info,
 * bpf_line_info or bpf_core_relo (include/uapi/linux/bpf.h) and may be
 * longer (newer producers append fields). insn_off is in bytes here; the
 * kernel wants instruction indexes, which the loader converts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include "btf/internal.h"

struct ext_hdr {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len;
	uint32_t func_off, func_len, line_off, line_len;
	uint32_t core_off, core_len;
};

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

enum block { FUNC, LINE, CORE };
static const char *const block_name[] = { "func_info", "line_info", "core_relo" };
static const uint32_t block_min[] = {
	sizeof(struct bpf_func_info), sizeof(struct bpf_line_info), sizeof(struct bpf_core_relo)
};

static int check_record(const struct btf *btf, enum block b, const uint8_t *r,
			const char *sec, uint32_t i, char *err, size_t errlen)
{
	uint32_t insn_off = rd32(r);

	if (insn_off % 8) {
		return errorf(err, errlen, -EINVAL, ".BTF.ext %s, section '%s', record %u: insn_off %u is not a multiple of 8",
			      block_name[b], sec, i, insn_off);
	}
	switch (b) {
	case FUNC:
		if (rd32(r + 4) >= btf_nr_types(btf) || rd32(r + 4) == 0) {
			return errorf(err, errlen, -EINVAL, ".BTF.ext func_info, section '%s', record %u: type id %u out of range 1..%u",
				      sec, i, rd32(r + 4), btf_nr_types(btf) - 1);
		}
		break;
	case LINE:
		if (!btf_str(btf, rd32(r + 4)) || !btf_str(btf, rd32(r + 8))) {
			return errorf(err, errlen, -EINVAL, ".BTF.ext line_info, section '%s', record %u: file name %u or line %u is past the BTF strings",
				      sec, i, rd32(r + 4), rd32(r + 8));
		}
		break;
	case CORE:
		if (rd32(r + 4) >= btf_nr_types(btf) || rd32(r + 4) == 0 ||
		    !btf_str(btf, rd32(r + 8)) || rd32(r + 12) > BPF_CORE_TYPE_MATCHES) {
			return errorf(err, errlen, -EINVAL, ".BTF.ext core_relo, section '%s', record %u: type id %u, access string %u or kind %u out of range",
				      sec, i, rd32(r + 4), rd32(r + 8), rd32(r + 12));
		}
		break;
	}
	return 0;
}

/* Walk one block twice: count sections, then fill them. */
static int parse_block(const uint8_t *p, uint32_t len, const struct btf *btf, enum block b,
		       struct btf_ext_sec **out, uint32_t *nout, uint32_t *rec_size_out,
		       char *err, size_t errlen)
{
	struct btf_ext_sec *secs = NULL;
	uint32_t rec_size, nsec = 0, pass;

	*out = NULL;
	*nout = 0;
	if (len == 0)
		return 0;
	if (len < 4) {
		return errorf(err, errlen, -EINVAL, ".BTF.ext %s: block of %u bytes, too short for rec_size",
			      block_name[b], len);
	}
	rec_size = rd32(p);
	if (rec_size < block_min[b] || rec_size % 4 || rec_size > 1024) {
		return errorf(err, errlen, -EINVAL, ".BTF.ext %s: rec_size %u, expected a multiple of 4 from %u",
			      block_name[b], rec_size, block_min[b]);
	}
	*rec_size_out = rec_size;
	for (pass = 0; pass < 2; pass++) {
		uint32_t pos = 4, s = 0;

		while (pos < len) {
			uint32_t name_off, n, i;
			const char *name;

			if (len - pos < 8) {
				errorf(err, errlen, 0, ".BTF.ext %s: section header at block offset %u truncated",
				       block_name[b], pos);
				goto fail;
			}
			name_off = rd32(p + pos);
			n = rd32(p + pos + 4);
			name = btf_str(btf, name_off);
			if (!name) {
				errorf(err, errlen, 0, ".BTF.ext %s: section name offset %u at block offset %u is past the BTF strings",
				       block_name[b], name_off, pos);
				goto fail;
			}
			pos += 8;
			if ((uint64_t)n * rec_size > len - pos) {
				errorf(err, errlen, 0, ".BTF.ext %s, section '%s': %u records of %u bytes overrun the block (%u bytes left)",
				       block_name[b], name, n, rec_size, len - pos);
				goto fail;
			}
			if (pass == 1) {
				for (i = 0; i < n; i++)
					if (check_record(btf, b, p + pos + i * rec_size, name, i, err, errlen))
						goto fail;
				secs[s].sec_name = name;
				secs[s].nrec = n;
				secs[s].rec_size = rec_size;
				secs[s].recs = p + pos;
			}
			pos += n * rec_size;
			s++;
		}
		if (pass == 0) {
			nsec = s;
			secs = calloc(nsec ? nsec : 1, sizeof(*secs));
			if (!secs)
				return -ENOMEM;
		}
	}
	*out = secs;
	*nout = nsec;
	return 0;
fail:
	free(secs);
	return -EINVAL;
}

int btf_ext_parse(const void *data, size_t len, const struct btf *btf,
		  struct btf_ext **out, char *err, size_t errlen)
{
	struct ext_hdr h;
	struct btf_ext *ext;
	const uint8_t *body;
	uint64_t blen;
	uint32_t offs[3], lens[3];
	struct btf_ext_sec **secs[3];
	uint32_t *ns[3], *rs[3];
	int i, ret;

	*out = NULL;
	memset(&h, 0, sizeof(h));
	if (len < 8) {
		return errorf(err, errlen, -EINVAL, ".BTF.ext: %zu bytes, too short for a header", len);
	}
	memcpy(&h, data, 8);
	if (h.magic != BTF_MAGIC || h.version != BTF_VERSION) {
		return errorf(err, errlen, -EINVAL, ".BTF.ext: magic 0x%04x version %u, expected 0x%04x version %u",
			      h.magic, h.version, BTF_MAGIC, BTF_VERSION);
	}
	if (h.hdr_len < 24 || h.hdr_len > len) {
		return errorf(err, errlen, -EINVAL, ".BTF.ext: header length %u, expected 24..%zu", h.hdr_len, len);
	}
	memcpy(&h, data, h.hdr_len < sizeof(h) ? h.hdr_len : sizeof(h));
	body = (const uint8_t *)data + h.hdr_len;
	blen = len - h.hdr_len;
	offs[0] = h.func_off; lens[0] = h.func_len;
	offs[1] = h.line_off; lens[1] = h.line_len;
	offs[2] = h.core_off; lens[2] = h.core_len;   /* 0 when hdr_len is 24 */
	for (i = 0; i < 3; i++) {
		if ((uint64_t)offs[i] + lens[i] > blen) {
			return errorf(err, errlen, -EINVAL, ".BTF.ext: %s [%u, +%u) past the %llu bytes after the header",
				      block_name[i], offs[i], lens[i], (unsigned long long)blen);
		}
	}
	ext = calloc(1, sizeof(*ext));
	if (!ext)
		return -ENOMEM;
	secs[0] = &ext->func; ns[0] = &ext->nfunc; rs[0] = &ext->func_rec_size;
	secs[1] = &ext->line; ns[1] = &ext->nline; rs[1] = &ext->line_rec_size;
	secs[2] = &ext->core; ns[2] = &ext->ncore; rs[2] = &ext->core_rec_size;
	for (i = 0; i < 3; i++) {
		ret = parse_block(body + offs[i], lens[i], btf, i, secs[i], ns[i], rs[i], err, errlen);
		if (ret) {
			btf_ext_free(ext);
			return ret;
		}
	}
	*out = ext;
	return 0;
}

void btf_ext_free(struct btf_ext *ext)
{
	if (!ext)
		return;
	free(ext->func);
	free(ext->line);
	free(ext->core);
	free(ext);
}

const struct btf_ext_sec *btf_ext_find(const struct btf_ext_sec *secs, uint32_t n,
				       const char *sec_name)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(secs[i].sec_name, sec_name))
			return &secs[i];
	return NULL;
}

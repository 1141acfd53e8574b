// Argon2's compression function G with AVX2 (RFC 9106 §3.5–3.6).
//
// A 4×4 matrix of words that P works on is held as four YMM registers a, b,
// c, d (one matrix row each), so GB runs on its four columns at once; the
// diagonal step rotates b, c and d by one, two and three words first and
// back after. Two matrices go through P side by side for instruction-level
// parallelism.
//
// The row step reads R = x ⊕ y straight into registers: row k of the block
// (bytes 128k to 128k+127) is the matrix a = bytes 0–31, b = 32–63, c = 64–95,
// d = 96–127. The column step's matrix for column j takes its 16-byte halves
// from two rows each: a = rows 0 and 1 at byte 16j, b = rows 2 and 3, c = rows
// 4 and 5, d = rows 6 and 7. The frame holds R (bytes 0–1023) and the row
// step's output (1024–2047); the column step writes P's output ⊕ R (⊕ out
// when xor is set) to out, column by column, after x and y were last read,
// so out may be x or y.

//go:build amd64 && !purego

#include "textflag.h"

// VPSHUFB masks rotating each 64-bit word right by 24 and by 16 bits.
DATA ·rotr24<>+0x00(SB)/8, $0x0201000706050403
DATA ·rotr24<>+0x08(SB)/8, $0x0a09080f0e0d0c0b
DATA ·rotr24<>+0x10(SB)/8, $0x0201000706050403
DATA ·rotr24<>+0x18(SB)/8, $0x0a09080f0e0d0c0b
GLOBL ·rotr24<>(SB), (NOPTR+RODATA), $32

DATA ·rotr16<>+0x00(SB)/8, $0x0100070605040302
DATA ·rotr16<>+0x08(SB)/8, $0x09080f0e0d0c0b0a
DATA ·rotr16<>+0x10(SB)/8, $0x0100070605040302
DATA ·rotr16<>+0x18(SB)/8, $0x09080f0e0d0c0b0a
GLOBL ·rotr16<>(SB), (NOPTR+RODATA), $32

// BLAMKA sets a = a + b + 2·lo32(a)·lo32(b) in each word; t is scratch.
#define BLAMKA(a, b, t) \
	VPMULUDQ b, a, t; \
	VPADDQ   b, a, a; \
	VPADDQ   t, t, t; \
	VPADDQ   t, a, a

// GB is RFC 9106's GB on the four columns of the matrix a, b, c, d. Y14 and
// Y15 hold the rotr24 and rotr16 masks.
#define GB(a, b, c, d, t) \
	BLAMKA(a, b, t); VPXOR a, d, d; VPSHUFD $0xb1, d, d; \
	BLAMKA(c, d, t); VPXOR c, b, b; VPSHUFB Y14, b, b; \
	BLAMKA(a, b, t); VPXOR a, d, d; VPSHUFB Y15, d, d; \
	BLAMKA(c, d, t); VPXOR c, b, b; VPADDQ b, b, t; VPSRLQ $63, b, b; VPXOR t, b, b

// DIAG moves the diagonals of the matrix into its columns; UNDIAG moves them
// back.
#define DIAG(b, c, d) \
	VPERMQ $0x39, b, b; \
	VPERMQ $0x4e, c, c; \
	VPERMQ $0x93, d, d

#define UNDIAG(b, c, d) \
	VPERMQ $0x93, b, b; \
	VPERMQ $0x4e, c, c; \
	VPERMQ $0x39, d, d

// P2 applies P to the matrices Y0–Y3 and Y4–Y7.
#define P2 \
	GB(Y0, Y1, Y2, Y3, Y8); GB(Y4, Y5, Y6, Y7, Y9); \
	DIAG(Y1, Y2, Y3); DIAG(Y5, Y6, Y7); \
	GB(Y0, Y1, Y2, Y3, Y8); GB(Y4, Y5, Y6, Y7, Y9); \
	UNDIAG(Y1, Y2, Y3); UNDIAG(Y5, Y6, Y7)

// LOADCOL loads the column matrix at byte offset off of the block at base
// (base and off are an address and an index register plus a displacement)
// into a, b, c, d.
#define LOADCOL(disp, base, idx, a, b, c, d, xa, xb, xc, xd) \
	VMOVDQU     disp+0(base)(idx*1), xa; \
	VINSERTI128 $1, disp+128(base)(idx*1), a, a; \
	VMOVDQU     disp+256(base)(idx*1), xb; \
	VINSERTI128 $1, disp+384(base)(idx*1), b, b; \
	VMOVDQU     disp+512(base)(idx*1), xc; \
	VINSERTI128 $1, disp+640(base)(idx*1), c, c; \
	VMOVDQU     disp+768(base)(idx*1), xd; \
	VINSERTI128 $1, disp+896(base)(idx*1), d, d

// XORCOL XORs the column matrix at disp(base)(idx) into a, b, c, d, with
// Y10–Y13 as scratch.
#define XORCOL(disp, base, idx, a, b, c, d) \
	LOADCOL(disp, base, idx, Y10, Y11, Y12, Y13, X10, X11, X12, X13); \
	VPXOR Y10, a, a; VPXOR Y11, b, b; VPXOR Y12, c, c; VPXOR Y13, d, d

// STORECOL stores a, b, c, d as the column matrix at disp(base)(idx).
#define STORECOL(disp, base, idx, a, b, c, d, xa, xb, xc, xd) \
	VMOVDQU      xa, disp+0(base)(idx*1); \
	VEXTRACTI128 $1, a, disp+128(base)(idx*1); \
	VMOVDQU      xb, disp+256(base)(idx*1); \
	VEXTRACTI128 $1, b, disp+384(base)(idx*1); \
	VMOVDQU      xc, disp+512(base)(idx*1); \
	VEXTRACTI128 $1, c, disp+640(base)(idx*1); \
	VMOVDQU      xd, disp+768(base)(idx*1); \
	VEXTRACTI128 $1, d, disp+896(base)(idx*1)

// func compressAVX2(out, x, y *block, xor bool)
TEXT ·compressAVX2(SB), 0, $2048-25
	MOVQ    out+0(FP), DI
	MOVQ    x+8(FP), SI
	MOVQ    y+16(FP), DX
	MOVBLZX xor+24(FP), CX
	MOVQ    SP, BX

	// y is the reference block, in Argon2 usually far away in memory: ask
	// for all 16 of its cache lines at once rather than row by row.
	PREFETCHT0 (DX)
	PREFETCHT0 64(DX)
	PREFETCHT0 128(DX)
	PREFETCHT0 192(DX)
	PREFETCHT0 256(DX)
	PREFETCHT0 320(DX)
	PREFETCHT0 384(DX)
	PREFETCHT0 448(DX)
	PREFETCHT0 512(DX)
	PREFETCHT0 576(DX)
	PREFETCHT0 640(DX)
	PREFETCHT0 704(DX)
	PREFETCHT0 768(DX)
	PREFETCHT0 832(DX)
	PREFETCHT0 896(DX)
	PREFETCHT0 960(DX)

	VMOVDQU ·rotr24<>(SB), Y14
	VMOVDQU ·rotr16<>(SB), Y15

	// Rows, two at a time: AX is the byte offset of the first.
	XORQ AX, AX

rows:
	VMOVDQU (SI)(AX*1), Y0
	VMOVDQU 32(SI)(AX*1), Y1
	VMOVDQU 64(SI)(AX*1), Y2
	VMOVDQU 96(SI)(AX*1), Y3
	VMOVDQU 128(SI)(AX*1), Y4
	VMOVDQU 160(SI)(AX*1), Y5
	VMOVDQU 192(SI)(AX*1), Y6
	VMOVDQU 224(SI)(AX*1), Y7
	VPXOR   (DX)(AX*1), Y0, Y0
	VPXOR   32(DX)(AX*1), Y1, Y1
	VPXOR   64(DX)(AX*1), Y2, Y2
	VPXOR   96(DX)(AX*1), Y3, Y3
	VPXOR   128(DX)(AX*1), Y4, Y4
	VPXOR   160(DX)(AX*1), Y5, Y5
	VPXOR   192(DX)(AX*1), Y6, Y6
	VPXOR   224(DX)(AX*1), Y7, Y7
	VMOVDQU Y0, (BX)(AX*1)
	VMOVDQU Y1, 32(BX)(AX*1)
	VMOVDQU Y2, 64(BX)(AX*1)
	VMOVDQU Y3, 96(BX)(AX*1)
	VMOVDQU Y4, 128(BX)(AX*1)
	VMOVDQU Y5, 160(BX)(AX*1)
	VMOVDQU Y6, 192(BX)(AX*1)
	VMOVDQU Y7, 224(BX)(AX*1)
	P2
	VMOVDQU Y0, 1024(BX)(AX*1)
	VMOVDQU Y1, 1056(BX)(AX*1)
	VMOVDQU Y2, 1088(BX)(AX*1)
	VMOVDQU Y3, 1120(BX)(AX*1)
	VMOVDQU Y4, 1152(BX)(AX*1)
	VMOVDQU Y5, 1184(BX)(AX*1)
	VMOVDQU Y6, 1216(BX)(AX*1)
	VMOVDQU Y7, 1248(BX)(AX*1)
	ADDQ    $256, AX
	CMPQ    AX, $1024
	JB      rows

	// Columns, two at a time: AX is the byte offset of the first within a
	// row.
	XORQ AX, AX

cols:
	LOADCOL(1024, BX, AX, Y0, Y1, Y2, Y3, X0, X1, X2, X3)
	LOADCOL(1040, BX, AX, Y4, Y5, Y6, Y7, X4, X5, X6, X7)
	P2
	XORCOL(0, BX, AX, Y0, Y1, Y2, Y3)
	XORCOL(16, BX, AX, Y4, Y5, Y6, Y7)
	TESTQ CX, CX
	JZ    store
	XORCOL(0, DI, AX, Y0, Y1, Y2, Y3)
	XORCOL(16, DI, AX, Y4, Y5, Y6, Y7)

store:
	STORECOL(0, DI, AX, Y0, Y1, Y2, Y3, X0, X1, X2, X3)
	STORECOL(16, DI, AX, Y4, Y5, Y6, Y7, X4, X5, X6, X7)
	ADDQ $32, AX
	CMPQ AX, $128
	JB   cols

	VZEROUPPER
	RET

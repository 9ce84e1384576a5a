package io.actionwatch.ingest.edge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The symbol versions an ELF file needs from the shared libraries it links against: what {@code readelf -V} prints
 * under "Version needs section", read in Java so the build needs no binutils and runs the same on any machine.
 *
 * <p>Why this answers "does it run on glibc 2.27": the dynamic linker refuses to load a library whose version needs
 * (e.g. {@code libc.so.6 GLIBC_2.34}) the installed libc does not define, with "version `GLIBC_2.34' not found". The
 * highest {@code GLIBC_x.y} a file needs is therefore the oldest glibc it can load on.
 *
 * <p>Only 64-bit ELF is read (both edge platforms, aarch64 and x86-64, are); either byte order. Layouts are from the
 * System V gABI (ELF header, section headers) and the LSB (GNU symbol versioning: {@code SHT_GNU_verneed},
 * {@code Elf64_Verneed}, {@code Elf64_Vernaux}); field offsets below are the 64-bit ones.
 */
final class ElfVersionNeeds {

    /** e_machine of x86-64. */
    static final int EM_X86_64 = 62;
    /** e_machine of 64-bit ARM (aarch64, "arm64"). */
    static final int EM_AARCH64 = 183;

    /** Section type of the GNU version-needs table: entries naming a needed library and the versions wanted of it. */
    private static final int SHT_GNU_VERNEED = 0x6ffffffe;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int ELFDATA2MSB = 2;
    /** Size of one Elf64_Shdr, the only section header size a valid 64-bit ELF can have. */
    private static final int SECTION_HEADER_SIZE_64 = 64;

    /** One needed version: {@code library} (the vn_file, e.g. libc.so.6) must define {@code version} (GLIBC_2.27). */
    record Need(String library, String version) {
        @Override
        public String toString() {
            return library + " " + version;
        }
    }

    /** A parsed file: its machine and every version it needs, in table order. */
    record ElfFile(String name, int machine, List<Need> needs) {
        String machineName() {
            return switch (machine) {
                case EM_X86_64 -> "x86-64";
                case EM_AARCH64 -> "AArch64";
                default -> "e_machine " + machine;
            };
        }
    }

    private ElfVersionNeeds() {
    }

    /** Whether {@code bytes} start with the ELF magic number, 0x7f 'E' 'L' 'F'. */
    static boolean isElf(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    /**
     * Parses one ELF file. A file without a version-needs section (one that links against nothing versioned) yields
     * no needs; anything malformed or truncated throws, naming the file, rather than passing as "needs nothing".
     */
    static ElfFile parse(String name, byte[] bytes) {
        if (!isElf(bytes)) {
            throw new IllegalArgumentException(name + ": not an ELF file (no 0x7f 'ELF' magic)");
        }
        Reader in = new Reader(name, bytes);
        int elfClass = in.u8(4);   // e_ident[EI_CLASS]
        int elfData = in.u8(5);    // e_ident[EI_DATA]
        if (elfClass != ELFCLASS64) {
            throw new IllegalArgumentException(name + ": ELF class " + elfClass + ", only 64-bit ELF (class 2) is read");
        }
        if (elfData != ELFDATA2LSB && elfData != ELFDATA2MSB) {
            throw new IllegalArgumentException(name + ": unknown ELF byte order " + elfData);
        }
        in.order(elfData == ELFDATA2LSB ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);

        int machine = in.u16(0x12);          // e_machine
        long sectionTable = in.u64(0x28);    // e_shoff
        int sectionHeaderSize = in.u16(0x3a); // e_shentsize
        long sectionCount = in.u16(0x3c);    // e_shnum
        if (sectionTable == 0) {
            // No section headers at all (legal for a loadable file, but unusual for a library): without them this
            // reader cannot find the table, and saying "needs nothing" would let a too-new library pass.
            throw new IllegalArgumentException(name + ": no section header table, its version needs cannot be read");
        }
        if (sectionHeaderSize != SECTION_HEADER_SIZE_64) {
            throw new IllegalArgumentException(name + ": section header size " + sectionHeaderSize + ", expected 64");
        }
        if (sectionCount == 0) {
            // More than 0xff00 sections: the real count is in section 0's sh_size (gABI "extended section numbering").
            sectionCount = in.u64(sectionTable + 32);
        }

        List<Need> needs = new ArrayList<>();
        for (long i = 0; i < sectionCount; i++) {
            long header = sectionTable + i * SECTION_HEADER_SIZE_64;
            if (in.u32(header + 4) != SHT_GNU_VERNEED) { // sh_type
                continue;
            }
            long tableOffset = in.u64(header + 24);          // sh_offset
            long stringSection = in.u32(header + 40);        // sh_link: the string table the names are in (.dynstr)
            long entryCount = in.u32(header + 44);           // sh_info: number of Elf64_Verneed entries
            if (stringSection >= sectionCount) {
                throw new IllegalArgumentException(name + ": version-needs section links to string table "
                        + stringSection + " of " + sectionCount + " sections");
            }
            long strings = in.u64(sectionTable + stringSection * SECTION_HEADER_SIZE_64 + 24);
            readNeeds(in, tableOffset, entryCount, strings, needs);
        }
        return new ElfFile(name, machine, List.copyOf(needs));
    }

    /**
     * Walks the Elf64_Verneed chain (one entry per needed library) and, for each, its Elf64_Vernaux chain (one entry
     * per version wanted of that library). Every "next"/"aux" field is a byte offset relative to the entry holding it.
     */
    private static void readNeeds(Reader in, long tableOffset, long entryCount, long strings, List<Need> needs) {
        long entry = tableOffset;
        for (long e = 0; e < entryCount; e++) {
            // Elf64_Verneed: vn_version u16 @0, vn_cnt u16 @2, vn_file u32 @4, vn_aux u32 @8, vn_next u32 @12
            int versionCount = in.u16(entry + 2);
            String library = in.string(strings + in.u32(entry + 4));
            long aux = entry + in.u32(entry + 8);
            for (int a = 0; a < versionCount; a++) {
                // Elf64_Vernaux: vna_hash u32 @0, vna_flags u16 @4, vna_other u16 @6, vna_name u32 @8, vna_next u32 @12
                needs.add(new Need(library, in.string(strings + in.u32(aux + 8))));
                long nextAux = in.u32(aux + 12);
                if (nextAux == 0) {
                    break;
                }
                aux += nextAux;
            }
            long next = in.u32(entry + 12);
            if (next == 0) {
                break;
            }
            entry += next;
        }
    }

    /** Bounds-checked reads of the file's bytes, so a truncated or corrupt file fails with its name. */
    private static final class Reader {
        private final String name;
        private final ByteBuffer buffer;

        Reader(String name, byte[] bytes) {
            this.name = name;
            this.buffer = ByteBuffer.wrap(bytes);
        }

        void order(ByteOrder order) {
            buffer.order(order);
        }

        int u8(long offset) {
            return Byte.toUnsignedInt(buffer.get(at(offset, 1)));
        }

        int u16(long offset) {
            return Short.toUnsignedInt(buffer.getShort(at(offset, 2)));
        }

        long u32(long offset) {
            return Integer.toUnsignedLong(buffer.getInt(at(offset, 4)));
        }

        long u64(long offset) {
            long value = buffer.getLong(at(offset, 8));
            if (value < 0) {
                throw new IllegalArgumentException(name + ": 64-bit field at " + offset + " is beyond any file size");
            }
            return value;
        }

        /** The NUL-terminated string at {@code offset} (names in .dynstr are ASCII). */
        String string(long offset) {
            int start = at(offset, 1);
            int end = start;
            while (end < buffer.limit() && buffer.get(end) != 0) {
                end++;
            }
            if (end == buffer.limit()) {
                throw new IllegalArgumentException(name + ": string at " + offset + " runs past the end of the file");
            }
            byte[] chars = new byte[end - start];
            buffer.get(start, chars);
            return new String(chars, StandardCharsets.US_ASCII);
        }

        private int at(long offset, int length) {
            if (offset < 0 || offset + length > buffer.limit()) {
                throw new IllegalArgumentException(name + ": truncated or corrupt ELF: reading " + length
                        + " bytes at offset " + offset + " of a " + buffer.limit() + "-byte file");
            }
            return (int) offset;
        }
    }
}

package dev.tach.discovery.env;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The dynamic symbols and needed libraries of a 64-bit ELF file, read from its section table.
 * Builtin modules of an interpreter are the {@code PyInit_*} functions defined in the executable or
 * its {@code libpython}, which distributions (Debian, Ubuntu) link more of in than the default
 * build does.
 */
final class ElfSymbols {

  private static final int SHT_DYNAMIC = 6;
  private static final int SHT_DYNSYM = 11;
  private static final long DT_NEEDED = 1;
  private static final long DT_RPATH = 15;
  private static final long DT_RUNPATH = 29;
  private static final int MAX_SECTION = 64 << 20;

  final List<String> definedSymbols;
  final List<String> needed;
  final List<String> runPaths;

  private ElfSymbols(List<String> definedSymbols, List<String> needed, List<String> runPaths) {
    this.definedSymbols = definedSymbols;
    this.needed = needed;
    this.runPaths = runPaths;
  }

  /** Reads {@code file}; null if it is not a 64-bit ELF file or cannot be read. */
  static ElfSymbols read(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = read(channel, 0, 64, ByteOrder.LITTLE_ENDIAN);
      if (header == null
          || header.getInt(0) != 0x464c457f
          || header.get(4) != 2
          || (header.get(5) != 1 && header.get(5) != 2)) {
        return null;
      }
      ByteOrder order = header.get(5) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
      header.order(order);
      long shoff = header.getLong(0x28);
      int shentsize = Short.toUnsignedInt(header.getShort(0x3A));
      int shnum = Short.toUnsignedInt(header.getShort(0x3C));
      if (shoff <= 0 || shentsize < 64 || shnum == 0) {
        return null;
      }
      ByteBuffer sections = read(channel, shoff, shentsize * shnum, order);
      if (sections == null) {
        return null;
      }
      List<String> symbols = new ArrayList<>();
      List<String> needed = new ArrayList<>();
      List<String> runPaths = new ArrayList<>();
      for (int i = 0; i < shnum; i++) {
        int base = i * shentsize;
        int type = sections.getInt(base + 4);
        if (type != SHT_DYNSYM && type != SHT_DYNAMIC) {
          continue;
        }
        long offset = sections.getLong(base + 0x18);
        long size = sections.getLong(base + 0x20);
        int link = sections.getInt(base + 0x28);
        if (link < 0 || link >= shnum || size > MAX_SECTION) {
          continue;
        }
        int strBase = link * shentsize;
        long strOffset = sections.getLong(strBase + 0x18);
        long strSize = sections.getLong(strBase + 0x20);
        if (strSize > MAX_SECTION) {
          continue;
        }
        ByteBuffer data = read(channel, offset, (int) size, order);
        ByteBuffer strings = read(channel, strOffset, (int) strSize, order);
        if (data == null || strings == null) {
          continue;
        }
        if (type == SHT_DYNSYM) {
          for (int s = 0; s + 24 <= size; s += 24) {
            int shndx = Short.toUnsignedInt(data.getShort(s + 6));
            if (shndx != 0) {
              symbols.add(string(strings, data.getInt(s)));
            }
          }
        } else {
          for (int d = 0; d + 16 <= size; d += 16) {
            long tag = data.getLong(d);
            long value = data.getLong(d + 8);
            if (tag == DT_NEEDED) {
              needed.add(string(strings, (int) value));
            } else if (tag == DT_RPATH || tag == DT_RUNPATH) {
              runPaths.addAll(List.of(string(strings, (int) value).split(":")));
            }
          }
        }
      }
      return new ElfSymbols(symbols, needed, runPaths);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static ByteBuffer read(FileChannel channel, long offset, int length, ByteOrder order)
      throws IOException {
    if (offset < 0 || length < 0 || offset + length > channel.size()) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.allocate(length).order(order);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        return null;
      }
    }
    return buffer.flip();
  }

  private static String string(ByteBuffer strings, int offset) {
    if (offset < 0 || offset >= strings.limit()) {
      return "";
    }
    int end = offset;
    while (end < strings.limit() && strings.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - offset];
    strings.get(offset, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

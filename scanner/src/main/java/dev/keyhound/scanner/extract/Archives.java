package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Skipped;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Opens zip, tar and gzip / bzip2 / xz content with Commons Compress and hands each member back to
 * the extraction, charging every decompressed byte to the budget.
 */
final class Archives {
  private static final int TAR_HEADER = 512;

  private Archives() {}

  static void open(
      ContentKind kind, byte[] bytes, String member, String name, int depth, Extraction x)
      throws Budget.LimitReached {
    switch (kind) {
      case ZIP -> zip(bytes, member, depth, x);
      case TAR -> tar(new ByteArrayInputStream(bytes), member, depth, x);
      case GZIP, BZIP2, XZ -> compressed(kind, bytes, member, name, depth, x);
      default -> throw new IllegalArgumentException("not an archive kind: " + kind);
    }
  }

  private static void zip(byte[] bytes, String member, int depth, Extraction x)
      throws Budget.LimitReached {
    ZipFile zip;
    try {
      zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes)).get();
    } catch (IOException | RuntimeException e) {
      // No central directory (a truncated download, say): say so, and read what the local headers
      // still give.
      x.skip(
          member, Skipped.Reason.CORRUPT, "not a complete zip archive: " + Extraction.message(e));
      zipStream(bytes, member, depth, x);
      return;
    }
    try (zip) {
      int entries = 0;
      for (Enumeration<ZipArchiveEntry> en = zip.getEntriesInPhysicalOrder();
          en.hasMoreElements(); ) {
        ZipArchiveEntry e = en.nextElement();
        if (e.isDirectory()) {
          continue;
        }
        if (pastEntryLimit(++entries, member, x)) {
          return;
        }
        String path = Extraction.join(member, e.getName());
        if (e.getGeneralPurposeBit().usesEncryption()) {
          x.skip(path, Skipped.Reason.ENCRYPTED, "password-protected zip entry");
          continue;
        }
        if (!zip.canReadEntryData(e)) {
          x.skip(
              path,
              Skipped.Reason.UNREADABLE,
              "unsupported zip compression method " + e.getMethod());
          continue;
        }
        if (tooLarge(e.getSize(), path, x)) {
          continue;
        }
        byte[] data;
        try (InputStream in = new CountingStream(zip.getInputStream(e), x.budget)) {
          data = x.readMember(in, path, e.getSize());
        } catch (Budget.LimitReached l) {
          throw l;
        } catch (IOException | RuntimeException ex) {
          x.skip(path, Skipped.Reason.CORRUPT, Extraction.message(ex));
          continue;
        }
        if (data != null) {
          x.content(data, path, e.getName(), depth + 1);
        }
      }
    } catch (Budget.LimitReached l) {
      throw l;
    } catch (IOException e) {
      x.skip(member, Skipped.Reason.CORRUPT, Extraction.message(e));
    }
  }

  /**
   * Reads a zip front to back by its local headers, for archives whose central directory is
   * missing.
   */
  private static void zipStream(byte[] bytes, String member, int depth, Extraction x)
      throws Budget.LimitReached {
    try (ZipArchiveInputStream in = new ZipArchiveInputStream(new ByteArrayInputStream(bytes))) {
      int entries = 0;
      ZipArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        if (e.isDirectory() || !in.canReadEntryData(e)) {
          continue;
        }
        if (++entries > x.limits.maxArchiveEntries()) {
          return;
        }
        String path = Extraction.join(member, e.getName());
        byte[] data = x.readMember(new CountingStream(in, x.budget), path, e.getSize());
        if (data != null) {
          x.content(data, path, e.getName(), depth + 1);
        }
      }
    } catch (Budget.LimitReached l) {
      throw l;
    } catch (IOException | RuntimeException e) {
      // Already reported as corrupt: the members before the damage have been scanned.
    }
  }

  /**
   * Reads a tar stream (uncompressed bytes, or the output of a decompressor that charges the
   * budget).
   */
  private static void tar(InputStream raw, String member, int depth, Extraction x)
      throws Budget.LimitReached {
    try (TarArchiveInputStream in = new TarArchiveInputStream(raw)) {
      int entries = 0;
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        if (!e.isFile()) {
          continue;
        }
        if (pastEntryLimit(++entries, member, x)) {
          return;
        }
        String path = Extraction.join(member, e.getName());
        if (tooLarge(e.getSize(), path, x)) {
          continue;
        }
        byte[] data = x.readMember(in, path, e.getSize());
        if (data != null) {
          x.content(data, path, e.getName(), depth + 1);
        }
      }
    } catch (Budget.LimitReached l) {
      throw l;
    } catch (IOException | RuntimeException e) {
      x.skip(member, Skipped.Reason.CORRUPT, "damaged tar archive: " + Extraction.message(e));
    }
  }

  /**
   * Past {@code --max-archive-entries}: the archive is reported as cut short and the caller stops
   * reading.
   */
  private static boolean pastEntryLimit(int entries, String member, Extraction x) {
    if (entries <= x.limits.maxArchiveEntries()) {
      return false;
    }
    x.skip(
        member,
        Skipped.Reason.LIMIT,
        "more than --max-archive-entries "
            + x.limits.maxArchiveEntries()
            + " entries, the rest not read");
    return true;
  }

  /** A member whose declared size is over the member size limit is reported and not read. */
  private static boolean tooLarge(long size, String path, Extraction x) {
    if (size <= x.limits.maxMemberSize()) {
      return false;
    }
    x.skip(path, Skipped.Reason.TOO_LARGE, size + " bytes > " + x.limits.maxMemberSize());
    return true;
  }

  /**
   * A compressed stream: a tar inside is read as one archive (tar.gz); anything else is its one
   * member.
   */
  private static void compressed(
      ContentKind kind, byte[] bytes, String member, String name, int depth, Extraction x)
      throws Budget.LimitReached {
    try (InputStream raw = decompressor(kind, new ByteArrayInputStream(bytes));
        BufferedInputStream in = new BufferedInputStream(new CountingStream(raw, x.budget), 8192)) {
      in.mark(TAR_HEADER);
      byte[] head = in.readNBytes(TAR_HEADER);
      in.reset();
      if (head.length == TAR_HEADER && ContentKind.of(head, null) == ContentKind.TAR) {
        tar(in, member, depth, x);
        return;
      }
      String inner = innerName(name == null ? "" : name);
      String path = Extraction.join(member, inner);
      byte[] data = x.readMember(in, path);
      if (data != null) {
        x.content(data, path, inner, depth + 1);
      }
    } catch (Budget.LimitReached l) {
      throw l;
    } catch (IOException | RuntimeException e) {
      x.skip(
          member,
          Skipped.Reason.CORRUPT,
          "damaged " + kind.name().toLowerCase(Locale.ROOT) + " stream: " + Extraction.message(e));
    }
  }

  private static InputStream decompressor(ContentKind kind, InputStream in) throws IOException {
    return switch (kind) {
      case GZIP -> new GzipCompressorInputStream(in, true);
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
      case XZ -> new XZCompressorInputStream(in, true);
      default -> throw new IllegalArgumentException("not a compressed kind: " + kind);
    };
  }

  /**
   * {@code secrets.env.gz} holds {@code secrets.env}; a nameless stream is called {@code content}.
   */
  static String innerName(String name) {
    String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('!')) + 1);
    String lower = base.toLowerCase(Locale.ROOT);
    for (String ext : new String[] {".tgz", ".tbz2", ".txz"}) {
      if (lower.endsWith(ext)) {
        return base.substring(0, base.length() - ext.length()) + ".tar";
      }
    }
    for (String ext : new String[] {".gz", ".bz2", ".xz"}) {
      if (lower.endsWith(ext) && base.length() > ext.length()) {
        return base.substring(0, base.length() - ext.length());
      }
    }
    return "content";
  }
}

package dev.keyhound.scanner.extract;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a blob holds, told by its magic bytes first and its name second, so that plain text is
 * recognised without loading any parser.
 */
enum ContentKind {
  TEXT,
  ZIP,
  TAR,
  GZIP,
  BZIP2,
  XZ,
  DOCUMENT,
  NOTEBOOK;

  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
  private static final byte[] EMPTY_ZIP_MAGIC = {'P', 'K', 5, 6};
  private static final byte[] GZIP_MAGIC = {(byte) 0x1f, (byte) 0x8b};
  private static final byte[] BZIP2_MAGIC = {'B', 'Z', 'h'};
  private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
  private static final byte[] PDF_MAGIC = {'%', 'P', 'D', 'F'};
  private static final byte[] OLE2_MAGIC = {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0};
  private static final byte[] RTF_MAGIC = {'{', '\\', 'r', 't', 'f'};
  private static final byte[] USTAR = "ustar".getBytes(StandardCharsets.US_ASCII);
  // A zip whose first entries name these is an Office Open XML or OpenDocument file, not an
  // archive.
  private static final byte[] CONTENT_TYPES =
      "[Content_Types].xml".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ODF_MIMETYPE =
      "mimetypeapplication/vnd.oasis.opendocument".getBytes(StandardCharsets.US_ASCII);

  /**
   * The kind of the bytes, named {@code name} (a path or member path; only its extension is used).
   */
  static ContentKind of(byte[] b, String name) {
    if (isZip(b)) {
      return isOfficeZip(b) ? DOCUMENT : ZIP;
    }
    if (startsWith(b, 0, GZIP_MAGIC)) {
      return GZIP;
    }
    if (startsWith(b, 0, XZ_MAGIC)) {
      return XZ;
    }
    if (startsWith(b, 0, PDF_MAGIC)
        || startsWith(b, 0, OLE2_MAGIC)
        || startsWith(b, 0, RTF_MAGIC)) {
      return DOCUMENT;
    }
    if (startsWith(b, 257, USTAR)) {
      return TAR;
    }
    // "BZh" is also how ordinary text can begin: trust it only with the block size digit that
    // follows.
    if (startsWith(b, 0, BZIP2_MAGIC) && b.length > 3 && b[3] >= '1' && b[3] <= '9') {
      return BZIP2;
    }
    String ext = extension(name);
    return switch (ext) {
      case "ipynb" -> NOTEBOOK;
      case "eml", "msg" -> DOCUMENT;
      default -> TEXT;
    };
  }

  static boolean isZip(byte[] b) {
    return startsWith(b, 0, ZIP_MAGIC) || startsWith(b, 0, EMPTY_ZIP_MAGIC);
  }

  static boolean isPdf(byte[] b) {
    return startsWith(b, 0, PDF_MAGIC);
  }

  /**
   * ODF starts with a stored {@code mimetype} entry; Office Open XML has {@code
   * [Content_Types].xml}, whose name shows in its local header (usually first) and in the central
   * directory at the end.
   */
  private static boolean isOfficeZip(byte[] b) {
    if (startsWith(b, 30, ODF_MIMETYPE)) {
      return true;
    }
    int window = 64 * 1024;
    return indexOf(b, 0, Math.min(b.length, window), CONTENT_TYPES) >= 0
        || indexOf(b, Math.max(0, b.length - window), b.length, CONTENT_TYPES) >= 0;
  }

  static String extension(String name) {
    if (name == null) {
      return "";
    }
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('!'));
    int dot = name.lastIndexOf('.');
    return dot > slash ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }

  private static boolean startsWith(byte[] b, int at, byte[] magic) {
    if (b.length < at + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (b[at + i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, int from, int limit, byte[] needle) {
    outer:
    for (int i = from; i + needle.length <= limit; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

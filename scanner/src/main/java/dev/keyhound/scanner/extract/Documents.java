package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Skipped;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * Reads documents under a time limit, on a small pool of daemon threads so that a parse that never
 * ends is abandoned without holding the scan: PDFs with PDFBox ({@link PdfText}), the rest (legacy
 * Office, OpenDocument, RTF, e-mail, and a PDF with an XFA form) through Tika.
 */
final class Documents {
  private Documents() {}

  static void extract(byte[] bytes, String name, String member, int depth, Extraction x)
      throws Budget.LimitReached {
    long maxChars = x.textLimit();
    if (ContentKind.isPdf(bytes)) {
      long attachments = x.budget.remaining();
      DocumentText result =
          parse(
              () -> PdfText.parse(bytes, maxChars, x.limits.maxMemberSize(), attachments),
              member,
              x);
      if (!(result instanceof DocumentText.ForTika)) {
        finish(result, member, depth, x);
        return;
      }
    }
    try {
      TikaParsing.load();
    } catch (LinkageError e) {
      x.skip(
          member,
          Skipped.Reason.UNREADABLE,
          "document support failed to start: " + Extraction.message(e));
      return;
    }
    finish(parse(() -> TikaParsing.parse(bytes, name, maxChars), member, x), member, depth, x);
  }

  /**
   * Runs the parse on the pool within the time limit; null, with the skip reported, when it timed
   * out, failed or was interrupted.
   */
  private static DocumentText parse(Callable<DocumentText> task, String member, Extraction x) {
    Future<DocumentText> parse = Pool.EXECUTOR.submit(task);
    try {
      // The parse runs on the pool: a scan worker lends its core meanwhile (see CoreLending).
      return CoreLending.get(parse, x.limits.documentTimeout().toNanos());
    } catch (TimeoutException e) {
      parse.cancel(true);
      x.skip(
          member,
          Skipped.Reason.LIMIT,
          "document parse took longer than --document-timeout "
              + x.limits.documentTimeout().toSeconds()
              + "s, abandoned");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OutOfMemoryError oom) {
        throw oom; // not the document's fault: the scan as a whole is out of memory
      }
      x.skip(
          member,
          Skipped.Reason.CORRUPT,
          "unreadable document: " + Extraction.message(e.getCause()));
    } catch (InterruptedException e) {
      parse.cancel(true);
      Thread.currentThread().interrupt();
      x.skip(member, Skipped.Reason.LIMIT, "interrupted while reading the document");
    }
    return null;
  }

  /** Reports a failed parse, or emits the text and reads the attached files at their paths. */
  private static void finish(DocumentText result, String member, int depth, Extraction x)
      throws Budget.LimitReached {
    if (result instanceof DocumentText.Failed f) {
      x.skip(member, f.reason(), f.detail());
    } else if (result instanceof DocumentText.Text t) {
      if (t.cutAt() >= 0) {
        x.skip(member, Skipped.Reason.LIMIT, TextTooLong.scannedStart(t.cutAt()));
      }
      emit(t, member, x);
      for (DocumentText.Attachment a : t.attachments()) {
        String path = Extraction.join(member, a.name());
        if (a.bytes() == null) {
          x.skip(
              path,
              Skipped.Reason.TOO_LARGE,
              "attached file over the member size or extraction limit, not read");
          continue;
        }
        x.budget.add(a.bytes().length);
        x.embedded(a.bytes(), path, a.name(), depth + 1);
      }
    }
  }

  private static void emit(DocumentText.Text t, String member, Extraction x)
      throws Budget.LimitReached {
    List<String> pages = t.pages();
    for (String p : pages) {
      x.budget.add(p.length());
    }
    for (int i = 0; i < pages.size(); i++) {
      if (!pages.get(i).isBlank()) {
        x.emit(new Segment(member, pages.get(i), t.paged() ? i + 1 : null, null, null));
      }
    }
  }

  /** Created on first document: plain scans start no thread for it. */
  private static final class Pool {
    static final ExecutorService EXECUTOR =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            r -> {
              Thread t = new Thread(r, "keyhound-document");
              t.setDaemon(true);
              return t;
            });
  }
}

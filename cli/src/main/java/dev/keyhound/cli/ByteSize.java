package dev.keyhound.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads byte counts as people write them: {@code 10485760}, {@code 10M}, {@code 10MiB}, {@code
 * 512k}, {@code 1G}.
 */
final class ByteSize implements CommandLine.ITypeConverter<Long> {
  private static final Pattern SIZE =
      Pattern.compile("(-?\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

  @Override
  public Long convert(String value) {
    Matcher m = SIZE.matcher(value.strip());
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a size: use bytes or a number with K, M, G or T (KiB, MiB, …)");
    }
    int shift =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          case "t" -> 40;
          default -> 0;
        };
    try {
      long n = Long.parseLong(m.group(1));
      if (Math.abs(n) > (Long.MAX_VALUE >> shift)) {
        throw new CommandLine.TypeConversionException("'" + value + "' is too large");
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is too large");
    }
  }
}

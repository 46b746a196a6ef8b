package dev.keyhound.remediation;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * GitHub's secret scanning signature: ECDSA over NIST P-256 with SHA-256, computed over the raw
 * request body and sent base64-encoded (DER) in {@code Github-Public-Key-Signature}.
 */
public final class GithubSignature {
  public static final String KEY_ID_HEADER = "Github-Public-Key-Identifier";
  public static final String SIGNATURE_HEADER = "Github-Public-Key-Signature";

  private GithubSignature() {}

  /** Whether {@code signatureBase64} signs exactly {@code body} under {@code key}. */
  public static boolean verify(PublicKey key, byte[] body, String signatureBase64) {
    if (signatureBase64 == null || signatureBase64.isBlank()) {
      return false;
    }
    try {
      byte[] der = Base64.getDecoder().decode(signatureBase64.trim());
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initVerify(key);
      s.update(body);
      return s.verify(der);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // malformed base64 or DER: not a signature we accept
      return false;
    }
  }
}

package dunes.lab.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The one certificate template the lab CA knows, shaped like AD CS's built-in "Web Server": the
 * subject is supplied in the request, server authentication only, key usage digital signature +
 * key encipherment, two years. The request's DNS and IP subject alternative names are copied;
 * other name types are dropped, as a template that builds names from the request would.
 */
final class WebServerTemplate {

  static final String NAME = "WebServer";
  static final Duration VALIDITY = Duration.ofDays(730);

  private WebServerTemplate() {}

  static List<Extension> extensions(PKCS10CertificationRequest request) {
    return extensions(request.getSubject().getRDNs().length == 0, requestedNames(request));
  }

  /**
   * The template's extensions for a certificate naming {@code names}.
   *
   * @param emptySubject the names are the only identity, so RFC 5280 wants them critical
   */
  static List<Extension> extensions(boolean emptySubject, GeneralName... names) {
    try {
      List<Extension> extensions = new ArrayList<>();
      extensions.add(new Extension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment).getEncoded()));
      extensions.add(new Extension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth).getEncoded()));
      if (names.length > 0) {
        extensions.add(new Extension(Extension.subjectAlternativeName, emptySubject,
            new GeneralNames(names).getEncoded()));
      }
      return extensions;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** DNS and IP names from the request's extensionRequest attribute (PKCS#9), in their order. */
  static GeneralName[] requestedNames(PKCS10CertificationRequest request) {
    for (Attribute attribute : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      if (attribute.getAttrValues().size() == 0) {
        continue;
      }
      Extensions requested = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
      GeneralNames names = GeneralNames.fromExtensions(requested, Extension.subjectAlternativeName);
      if (names != null) {
        return Arrays.stream(names.getNames())
            .filter(n -> n.getTagNo() == GeneralName.dNSName || n.getTagNo() == GeneralName.iPAddress)
            .toArray(GeneralName[]::new);
      }
    }
    return new GeneralName[0];
  }
}

package dunes.lab.ca;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * One row of the lab CA's request database, as the CA console lists it.
 *
 * @param subject the requested subject in RFC 2253 form (CN first)
 * @param disposition the disposition message the certsrv pages show
 */
public record CertificateRequest(int id, String subject, String template, Status status, String disposition,
    X509Certificate certificate) {

  public enum Status { PENDING, ISSUED, DENIED }

  public Optional<X509Certificate> issued() {
    return Optional.ofNullable(certificate);
  }

  CertificateRequest decided(Status newStatus, String newDisposition, X509Certificate newCertificate) {
    return new CertificateRequest(id, subject, template, newStatus, newDisposition, newCertificate);
  }
}

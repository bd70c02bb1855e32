package dunes.preflight;

import dunes.build.FieldError;
import java.util.List;

/** Every preflight check of one request, and the certificates the existing endpoints presented. */
public record PreflightReport(List<PreflightCheck> checks, List<EndpointCertificate> certificates) {

  public PreflightReport {
    checks = List.copyOf(checks);
    certificates = List.copyOf(certificates);
  }

  /** The failed checks, as the field-level errors an operator fixes. */
  public List<FieldError> errors() {
    return checks.stream().filter(c -> !c.passed()).map(c -> new FieldError(c.field(), c.message())).toList();
  }

  public boolean passed() {
    return checks.stream().allMatch(PreflightCheck::passed);
  }
}

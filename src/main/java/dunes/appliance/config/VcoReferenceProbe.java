package dunes.appliance.config;

import dunes.build.BuildSpec;
import dunes.build.FieldError;
import dunes.build.probe.ProbeTrust;
import dunes.build.probe.ProductProbe;
import dunes.build.probe.Versions;
import dunes.secrets.SecretRef;
import dunes.vsphere.OvfProduct;
import dunes.vsphere.OvfSource;
import dunes.vsphere.OvfSourceException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * vCO before any change, through the request's reference appliance ({@code ovf.reference}, a vCO
 * already running from the request's OVF): node 1 does not exist until the build deploys it, so
 * the reference answers for it. {@link VcoProbe} reads its version and resolves every configured
 * workflow the build will run; besides, the reference must be the OVF's version (else its
 * workflows say nothing about the appliance the build deploys). Read only; 8281 pinned to
 * {@link ProbeTrust#VCO_REFERENCE}. Findings: the probe's on {@code dunes.appliance.config.workflows.<step>},
 * a refused login on {@code ovf.reference.username}, another version on {@code ovf.reference.url}.
 */
@Component
public class VcoReferenceProbe implements ProductProbe {

  private final VcoProbe probe;
  private final OvfSource ovf;

  public VcoReferenceProbe(VcoConfigPort vco, VcoConfigProperties properties, OvfSource ovf) {
    this.probe = new VcoProbe(vco, properties);
    this.ovf = ovf;
  }

  @Override
  public String product() {
    return VcoProbe.PRODUCT;
  }

  @Override
  public ProbeReport probe(BuildSpec spec, ProbeTrust trust) {
    BuildSpec.Reference reference = spec.ovf().reference();
    if (reference == null) {
      throw new IllegalStateException("the request names no reference appliance (ovf.reference) to probe");
    }
    URI url = URI.create(reference.url());
    VcoConfigPort.Target target = VcoConfigPort.Target.reference(url.getHost(), url.getPort() > 0 ? url.getPort() : 443,
        trust.fingerprint(ProbeTrust.VCO_REFERENCE),
        new VcoConfigPort.Login(reference.username(), new SecretRef(reference.passwordRef())));
    ProbeReport report;
    try {
      report = probe.probe(spec, target);
    } catch (VcoAuthenticationException e) {
      return new ProbeReport(product(), "unknown (login refused)",
          List.of(new FieldError("ovf.reference.username", e.getMessage())));
    }
    List<FieldError> findings = new ArrayList<>(report.findings());
    String ovfVersion = ovfVersion(spec);
    if (ovfVersion != null && !Versions.agree(ovfVersion, report.version())) {
      findings.add(new FieldError("ovf.reference.url", "the reference vCO at " + target + " is version "
          + report.version() + ", the OVF " + spec.ovf().url() + " deploys " + ovfVersion + ": its workflows say "
          + "nothing about the appliance the build deploys; name a reference deployed from this OVF"));
    }
    return new ProbeReport(product(), report.version() + " (reference " + target + ")", findings);
  }

  /** The OVF's version, or null when it cannot be read: the OVF's own probe reports that. */
  private String ovfVersion(BuildSpec spec) {
    try {
      String version = OvfProduct.read(ovf.descriptor(spec.ovf().url(), null)).version();
      return version.isEmpty() ? null : version;
    } catch (OvfSourceException e) {
      return null;
    }
  }
}

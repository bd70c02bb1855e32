package dunes.vsphere.probe;

import dunes.build.BuildSpec;
import dunes.build.FieldError;
import dunes.build.probe.ProbeTrust;
import dunes.build.probe.ProductProbe;
import dunes.build.probe.Versions;
import dunes.vsphere.OvfProduct;
import dunes.vsphere.OvfSource;
import dunes.vsphere.OvfSourceException;
import dunes.vsphere.OvfUnreachableException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The appliance image before any change: only the OVF descriptor is read (the deploy fetches the
 * disks), and asked what it deploys. Findings, all on {@code ovf.url}:
 * <ul>
 *   <li>the descriptor cannot be read or is no OVF (a server that does not answer is retried instead);</li>
 *   <li>not exactly one VirtualSystem: Dunes deploys the single-VM appliance OVF;</li>
 *   <li>the main ProductSection's {@code Version} outside {@code dunes.appliance.probe.min-version} to
 *       {@code max-version} (default 5.5 to 5.5: the vCO 5.5.x documentation is what Dunes's
 *       configuration follows, docs/vco-configuration.md);</li>
 *   <li>no {@code vami.ip0}, {@code vami.netmask0} or {@code vami.gateway} property (class {@code vami}):
 *       node 1 would boot without the request's address, and nothing could reach it to set one
 *       (PROTOCOLS.md 1d; vCenter drops a property mapping the OVF does not declare).</li>
 * </ul>
 */
@Component
public class OvfProbe implements ProductProbe {

  /** The first-boot network keys, without the VirtualSystem id they end in. */
  static final List<String> NETWORK_PROPERTIES = List.of("vami.ip0.", "vami.netmask0.", "vami.gateway.");

  private final OvfSource source;
  private final String minVersion;
  private final String maxVersion;

  public OvfProbe(OvfSource source, @Value("${dunes.appliance.probe.min-version:5.5}") String minVersion,
      @Value("${dunes.appliance.probe.max-version:5.5}") String maxVersion) {
    this.source = source;
    this.minVersion = minVersion;
    this.maxVersion = maxVersion;
  }

  @Override
  public String product() {
    return "ovf";
  }

  @Override
  public ProbeReport probe(BuildSpec spec, ProbeTrust trust) {
    String url = spec.ovf().url();
    OvfProduct ovf;
    try {
      ovf = OvfProduct.read(source.descriptor(url, null));
    } catch (OvfUnreachableException e) {
      throw e; // the job's retry cycle, then an incident
    } catch (OvfSourceException e) {
      return new ProbeReport(product(), "unreadable", List.of(new FieldError("ovf.url", e.getMessage())));
    }
    List<FieldError> findings = new ArrayList<>();
    if (ovf.virtualSystems() != 1 || ovf.collection()) {
      findings.add(new FieldError("ovf.url", url + " describes " + ovf.virtualSystems() + " virtual systems"
          + (ovf.collection() ? " in a VirtualSystemCollection" : "") + "; Dunes deploys the vCO appliance's "
          + "single-VM OVF"));
      return new ProbeReport(product(), ovf.describe(), findings);
    }
    if (!Versions.within(ovf.version(), minVersion, maxVersion)) {
      findings.add(new FieldError("ovf.url", url + " deploys " + ovf.describe() + "; Dunes configures the vCO "
          + "appliance " + range() + " (its Configuration plug-in, docs/vco-configuration.md): use an appliance OVF "
          + "of that version (dunes.appliance.probe.min-version and max-version widen it at your own risk)"));
    }
    for (String prefix : NETWORK_PROPERTIES) {
      if (ovf.propertyKeys().stream().noneMatch(key -> key.startsWith(prefix))) {
        findings.add(new FieldError("ovf.url", url + " declares no OVF property " + prefix + "<VirtualSystem id> "
            + "(class vami): node 1 would boot without the request's address and Dunes could not reach it to set "
            + "one; use the vCO appliance's own OVF, which declares vami.ip0, vami.netmask0 and vami.gateway"));
      }
    }
    return new ProbeReport(product(), ovf.describe(), findings);
  }

  private String range() {
    return minVersion.equals(maxVersion) ? minVersion + ".x" : minVersion + " to " + maxVersion;
  }
}

package dunes.edge;

import dunes.build.BuildSpec;
import dunes.build.FieldError;
import dunes.build.probe.ProbeTrust;
import dunes.build.probe.ProductProbe;
import dunes.edge.xml.AddressGroup;
import dunes.edge.xml.PagedEdgeList;
import dunes.edge.xml.Vnic;
import dunes.secrets.SecretRef;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The edge manager, read-only, before any change: its version (an NSX Manager 6.3+ has no
 * {@code /api/3.0/edges}), the request's edge among the manager's edges, and the request's vNIC:
 * there, connected, with an address group whose subnet holds the virtual IP. Only GETs, pinned to
 * the manager certificate the build trusts ({@link ProbeTrust#EDGE}).
 */
@Component
public class EdgeProbe implements ProductProbe {

  private final EdgePort edge;

  public EdgeProbe(EdgePort edge) {
    this.edge = edge;
  }

  @Override
  public String product() {
    return "edge";
  }

  @Override
  public ProbeReport probe(BuildSpec spec, ProbeTrust trust) {
    BuildSpec.Edge request = spec.edge();
    EdgePort.Target target = new EdgePort.Target(request.managerUrl(), request.edgeId(), request.username(),
        new SecretRef(request.passwordRef()), trust.fingerprint(ProbeTrust.EDGE));
    List<FieldError> findings = new ArrayList<>();
    ManagerVersion version;
    try {
      version = edge.managerVersion(target);
    } catch (EdgeAuthenticationException e) {
      return report(null, List.of(new FieldError("edge.passwordRef", e.getMessage())));
    }
    if (version.removedEdgeApi3()) {
      findings.add(new FieldError("edge.managerUrl", request.managerUrl() + " is " + version.describe()
          + ", which has no /api/3.0/edges (NSX 6.3.0 removed it); Dunes speaks only the vCNS 5.x edge API 3.0 and "
          + "an NSX /api/4.0 branch is not built: use a vShield Manager 5.x or an NSX Manager before 6.3"));
      return report(version, findings);
    }
    List<PagedEdgeList.EdgeSummary> edges;
    try {
      edges = edge.edges(target);
    } catch (EdgeNotFoundException e) {
      findings.add(new FieldError("edge.managerUrl", request.managerUrl() + " (" + version.describe()
          + ") has no edge API 3.0: GET /api/3.0/edges answered 404"));
      return report(version, findings);
    }
    if (edges.stream().noneMatch(e -> request.edgeId().equals(e.id))) {
      findings.add(new FieldError("edge.edgeId", "the manager has no edge '" + request.edgeId() + "'; it has "
          + edges.stream().map(e -> e.id + " (" + e.name + ")").toList()));
      return report(version, findings);
    }
    int index = request.interfaceIndex();
    Vnic vnic;
    try {
      vnic = edge.vnic(target, index);
    } catch (EdgeNotFoundException e) {
      findings.add(new FieldError("edge.interfaceIndex", "edge '" + request.edgeId() + "' has no vNIC " + index));
      return report(version, findings);
    }
    if (!Boolean.TRUE.equals(vnic.isConnected)) {
      findings.add(new FieldError("edge.interfaceIndex", "vNIC " + index + " of edge '" + request.edgeId()
          + "' is not connected; the virtual IP goes on a connected interface"));
    }
    List<AddressGroup> groups = vnic.addressGroups == null ? List.of() : vnic.addressGroups.groups;
    if (groups.isEmpty()) {
      findings.add(new FieldError("edge.interfaceIndex", "vNIC " + index + " of edge '" + request.edgeId()
          + "' has no address group: it needs its own primary address before the virtual IP can be added"));
    } else if (groups.stream().anyMatch(g -> g.subnetMask != null) // a prefix length alone is not judged here
        && groups.stream().noneMatch(g -> Subnets.contains(g.primaryAddress, g.subnetMask, spec.cluster().virtualIp()))) {
      findings.add(new FieldError("cluster.virtualIp", "the virtual IP " + spec.cluster().virtualIp()
          + " is in no subnet of vNIC " + index + " of edge '" + request.edgeId() + "' ("
          + groups.stream().map(g -> g.primaryAddress + "/" + g.subnetMask).toList() + ")"));
    }
    return report(version, findings);
  }

  private ProbeReport report(ManagerVersion version, List<FieldError> findings) {
    return new ProbeReport(product(), version == null ? null : version.describe(), findings);
  }
}

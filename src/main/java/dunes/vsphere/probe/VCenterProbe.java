package dunes.vsphere.probe;

import dunes.build.BuildSpec;
import dunes.build.FieldError;
import dunes.build.probe.ProbeTrust;
import dunes.build.probe.ProductProbe;
import dunes.build.probe.Versions;
import dunes.vsphere.VCenterSurvey;
import dunes.vsphere.VCenterTarget;
import dunes.vsphere.OvfDisks;
import dunes.vsphere.OvfSource;
import dunes.vsphere.OvfSourceException;
import dunes.vsphere.steps.EnsureVAppStep;
import dunes.vsphere.steps.VSphereClients;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The vCenter before a build: its API version within what this adapter speaks, and every place the
 * request names — datacenter, cluster (with DRS: vApps need it), resource pool, datastore, network,
 * VM folder — present, each once; every node's name and the vApp's free where the build puts them;
 * room on the datastore for every node's disks. One survey through the build's pinned session, read only.
 *
 * <p>Supported API versions, {@code dunes.vsphere.probe.min-api-version} to {@code max-api-version}
 * (default 5.5 to 6.7): 5.5 is the vCenter the vCO 5.5 appliance's SSO configuration pairs with;
 * yavijava 6.0 speaks API 6.0 and, with unknown elements skipped, the lab's vcsim (API 6.5 with a
 * 6.7 ServiceContent); nothing newer was tried.
 */
@Component
public class VCenterProbe implements ProductProbe {

  /** Names listed in a finding, at most. */
  private static final int SHOWN = 20;

  private final VSphereClients clients;
  private final OvfSource ovf;
  private final String minApiVersion;
  private final String maxApiVersion;

  public VCenterProbe(VSphereClients clients, OvfSource ovf,
      @Value("${dunes.vsphere.probe.min-api-version:5.5}") String minApiVersion,
      @Value("${dunes.vsphere.probe.max-api-version:6.7}") String maxApiVersion) {
    this.clients = clients;
    this.ovf = ovf;
    this.minApiVersion = minApiVersion;
    this.maxApiVersion = maxApiVersion;
  }

  @Override
  public String product() {
    return "vcenter";
  }

  @Override
  public ProbeReport probe(BuildSpec spec, ProbeTrust trust) {
    BuildSpec.VCenter request = spec.vcenter();
    VCenterSurvey survey = clients.forBuild(request, trust.fingerprint(ProbeTrust.VCENTER))
        .survey(VCenterTarget.of(request));
    List<FieldError> findings = new ArrayList<>();
    version(request, survey).ifPresent(findings::add);
    if (!one(findings, "vcenter.datacenter", "datacenter", request.datacenter(), survey.datacenters(), "vcenter")) {
      return report(survey, findings); // the rest lives in the datacenter
    }
    String inDatacenter = "datacenter '" + request.datacenter() + "'";
    List<String> clusterNames = survey.clusters().stream().map(VCenterSurvey.Cluster::name).toList();
    if (one(findings, "vcenter.cluster", "cluster", request.cluster(), clusterNames, inDatacenter)) {
      survey.clusters().stream().filter(c -> c.name().equals(request.cluster()) && !c.drsEnabled()).findFirst()
          .ifPresent(c -> findings.add(new FieldError("vcenter.cluster", "cluster '" + c.name() + "' has DRS"
              + " disabled; the build's vApp (staggered start) needs a DRS-enabled cluster: enable DRS on it or name"
              + " another cluster" + drsClusters(survey))));
      if (!blank(request.resourcePool())) {
        one(findings, "vcenter.resourcePool", "resource pool", request.resourcePool(), survey.resourcePools(),
            "cluster '" + request.cluster() + "'");
      }
    }
    one(findings, "vcenter.datastore", "datastore", request.datastore(), survey.datastores(), inDatacenter);
    one(findings, "vcenter.network", "network", request.network(), survey.networks(), inDatacenter);
    if (!blank(request.folder())) {
      one(findings, "vcenter.folder", "vm folder", VCenterTarget.of(request).folderPath(), survey.folders(), inDatacenter);
    }
    namesFree(spec, survey, findings);
    datastoreSpace(spec, survey, findings);
    return report(survey, findings);
  }

  /**
   * Every node's name and the vApp's are free where the build creates them: vCenter refuses a VM or
   * vApp named like one already in the folder, and a vApp named like a pool or vApp in the resource
   * pool (DuplicateName: CloneVM_Task, ImportVApp, CreateVApp).
   */
  private static void namesFree(BuildSpec spec, VCenterSurvey survey, List<FieldError> findings) {
    String folder = blank(spec.vcenter().folder()) ? "the datacenter's vm folder"
        : "vm folder '" + VCenterTarget.of(spec.vcenter()).folderPath() + "'";
    for (int i = 0; i < spec.nodes().size(); i++) {
      String name = spec.nodes().get(i).name();
      if (survey.namesInFolder().contains(name)) {
        findings.add(new FieldError("nodes[" + i + "].name", "a vm or vApp named '" + name + "' is already in "
            + folder + ": choose another node name, or remove or rename that one"));
      }
    }
    if (spec.cluster() == null) {
      return;
    }
    String vapp = EnsureVAppStep.vappName(spec);
    String pool = blank(spec.vcenter().resourcePool()) ? "cluster '" + spec.vcenter().cluster() + "''s root resource pool"
        : "resource pool '" + spec.vcenter().resourcePool() + "'";
    if (survey.namesInPool().contains(vapp)) {
      findings.add(new FieldError("cluster.name", "the build's vApp is named after the cluster, '" + vapp + "', and "
          + pool + " already holds a resource pool or vApp of that name: choose another cluster name, or remove or"
          + " rename that one"));
    } else if (survey.namesInFolder().contains(vapp)) {
      findings.add(new FieldError("cluster.name", "the build's vApp is named after the cluster, '" + vapp + "', and "
          + folder + " already holds a vm or vApp of that name: choose another cluster name, or remove or rename that one"));
    }
  }

  /**
   * The datastore has room for every node: N times the OVF's provisioned disk capacity. An OVF that
   * cannot be read is the OVF probe's finding; one that does not answer is retried there too.
   */
  private void datastoreSpace(BuildSpec spec, VCenterSurvey survey, List<FieldError> findings) {
    Long free = survey.datastoreFreeSpace().get(spec.vcenter().datastore());
    if (free == null || spec.ovf() == null) {
      return; // no such datastore (a finding above), or vCenter states no free space for it
    }
    long perNode;
    try {
      perNode = OvfDisks.capacityBytes(ovf.descriptor(spec.ovf().url(), null));
    } catch (OvfSourceException e) { // unreadable or unreachable
      return; // the OVF probe reports or retries it
    }
    int nodes = spec.nodes().size();
    java.math.BigInteger needed = java.math.BigInteger.valueOf(perNode).multiply(java.math.BigInteger.valueOf(nodes));
    if (needed.compareTo(java.math.BigInteger.valueOf(free)) > 0) {
      findings.add(new FieldError("vcenter.datastore", "datastore '" + spec.vcenter().datastore() + "' has "
          + Bytes.text(free) + " free; the build deploys " + nodes + " appliances of " + Bytes.text(perNode)
          + " provisioned disk each (the OVF's DiskSection), " + Bytes.text(needed) + " in all: free space on it or"
          + " name a datastore with room"));
    }
  }

  private ProbeReport report(VCenterSurvey survey, List<FieldError> findings) {
    return new ProbeReport(product(), survey.fullName() == null ? "API " + survey.apiVersion()
        : survey.fullName() + " (API " + survey.apiVersion() + ")", findings);
  }

  private Optional<FieldError> version(BuildSpec.VCenter request, VCenterSurvey survey) {
    String version = survey.apiVersion();
    if (Versions.within(version, minApiVersion, maxApiVersion)) {
      return Optional.empty();
    }
    return Optional.of(new FieldError("vcenter.url", "vcenter at " + request.url() + " is "
        + (survey.fullName() == null ? "unnamed" : "'" + survey.fullName() + "'") + " with vSphere API "
        + (version == null ? "version unknown" : version) + "; Dunes's vSphere adapter supports API " + minApiVersion
        + " to " + maxApiVersion + ": use a vCenter in that range (dunes.vsphere.probe.*-api-version widen it at"
        + " your own risk)"));
  }

  /**
   * The name is there exactly once; else a finding naming what vCenter has there.
   *
   * @return whether it is
   */
  private static boolean one(List<FieldError> findings, String field, String kind, String name, List<String> present,
      String where) {
    long count = present.stream().filter(p -> p.equals(name)).count();
    if (count == 1) {
      return true;
    }
    findings.add(new FieldError(field, count == 0
        ? kind + " '" + name + "' not found in " + where + "; it has " + shown(present)
        : count + " objects named " + kind + " '" + name + "' in " + where + ": rename them so the request names one"));
    return false;
  }

  private static String drsClusters(VCenterSurvey survey) {
    List<String> drs = survey.clusters().stream().filter(VCenterSurvey.Cluster::drsEnabled)
        .map(VCenterSurvey.Cluster::name).toList();
    return drs.isEmpty() ? " (none in this datacenter has DRS enabled)" : " (DRS enabled: " + shown(drs) + ")";
  }

  private static String shown(Collection<String> names) {
    if (names.isEmpty()) {
      return "none";
    }
    TreeSet<String> sorted = new TreeSet<>(names);
    String list = sorted.stream().limit(SHOWN).map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    return sorted.size() > SHOWN ? list + " and " + (sorted.size() - SHOWN) + " more" : list;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}

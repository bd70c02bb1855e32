package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.edge.EdgePort;
import dunes.edge.lock.EdgeLocks;
import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.Vnic;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The cluster's virtual IP as a secondary address of the build's edge interface (the field guide;
 * the manager refuses a virtual server on an address no vNIC has). An interface that already has
 * it, as primary or secondary address, is left as it is.
 */
@Component
public class AddVirtualIpStep extends EdgeStep {

  public AddVirtualIpStep(EdgePort edge, EdgeLocks locks) {
    super(edge, locks);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, EdgePort.Target target) {
    ensure(edge, target, spec);
  }

  /**
   * The virtual IP on the request's vNIC, added when missing. Also called right before a virtual
   * server is added, because the manager has no version check on vNICs: another build writing
   * its own read back at the same moment can drop an address this build added.
   */
  static void ensure(EdgePort edge, EdgePort.Target target, BuildSpec spec) {
    int index = spec.edge().interfaceIndex();
    String vip = spec.cluster().virtualIp();
    String text = edge.vnicXml(target, index);
    Vnic vnic = EdgeXml.read(text, Vnic.class);
    if (vnic.addressGroups == null || vnic.addressGroups.groups.isEmpty()) {
      throw refused("vNIC " + index + " of " + target + " has no address group: it needs its own primary address "
          + "before the virtual IP " + vip + " can be added as a secondary one", null);
    }
    if (VirtualIps.holds(vnic, vip)) {
      return;
    }
    // the manager's own text with one address more: portgroupId, mtu and the rest go back as they were
    edge.putVnicXml(target, index, EdgeEdits.withSecondaryAddress(text, vip));
    if (!VirtualIps.holds(edge.vnic(target, index), vip)) {
      throw new IllegalStateException(target + ": vNIC " + index + " lost the virtual IP " + vip
          + " right after it was added (another change to the vNIC at the same time?); the retry adds it again");
    }
  }
}

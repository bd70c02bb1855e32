package dunes.edge.steps;

import dunes.build.BuildSpec;
import dunes.edge.EdgePort;
import dunes.edge.xml.AddressGroup;
import dunes.edge.xml.SecondaryAddresses;
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

  public AddVirtualIpStep(EdgePort edge) {
    super(edge);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, EdgePort.Target target) {
    int index = spec.edge().interfaceIndex();
    String vip = spec.cluster().virtualIp();
    Vnic vnic = edge.vnic(target, index);
    if (vnic.addressGroups == null || vnic.addressGroups.groups.isEmpty()) {
      throw refused("vNIC " + index + " of " + target + " has no address group: it needs its own primary address "
          + "before the virtual IP " + vip + " can be added as a secondary one", null);
    }
    for (AddressGroup group : vnic.addressGroups.groups) {
      if (vip.equals(group.primaryAddress)
          || group.secondaryAddresses != null && group.secondaryAddresses.ipAddresses.contains(vip)) {
        return;
      }
    }
    AddressGroup first = vnic.addressGroups.groups.get(0);
    if (first.secondaryAddresses == null) {
      first.secondaryAddresses = new SecondaryAddresses();
    }
    first.secondaryAddresses.ipAddresses.add(vip);
    edge.putVnic(target, index, vnic);
  }
}

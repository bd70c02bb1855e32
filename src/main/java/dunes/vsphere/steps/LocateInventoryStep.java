package dunes.vsphere.steps;

import dunes.build.BuildSpec;
import dunes.vsphere.VSpherePort;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Checks, before anything is made, that vCenter has every datacenter, cluster, pool, datastore,
 * network and folder the request names; a missing one is a BPMN error naming it.
 */
@Component
public class LocateInventoryStep extends VSphereStep {

  public LocateInventoryStep(VSphereClients clients) {
    super(clients);
  }

  @Override
  void run(DelegateExecution execution, BuildSpec spec, VSpherePort vsphere) {
    locate(vsphere, spec);
  }
}

package dunes.lab.guests;

import java.util.Map;

/**
 * One VM of the simulator as one turn of the watch read it.
 *
 * @param moref the VM's managed object id, e.g. "vm-52": stable for the VM's life, unlike its name
 * @param properties vApp property values by their OVF environment key {@code [class.]id[.instance]}
 *     (the default value where none was given), e.g. {@code vami.ip0.vCO_Appliance}
 */
record VmState(String moref, String name, boolean poweredOn, Map<String, String> properties) {

  VmState {
    properties = Map.copyOf(properties);
  }
}

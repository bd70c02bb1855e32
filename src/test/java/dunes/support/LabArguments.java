package dunes.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a lab started inside a Dunes JVM puts its systems: each on its own 127.0.{octet}.x address
 * (as {@link dunes.lab.LabNames} places them, .53 the DNS), on ports the system picks (the DNS on
 * the example's port), their files under one directory, so such a lab does not meet another.
 */
public final class LabArguments {

  private LabArguments() {}

  /** The properties, in the order a reader looks for them. */
  public static Map<String, String> onFreePorts(int octet, Path dir) {
    String at = "127.0." + octet + ".";
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("dunes.lab.credentials-file", dir.resolve("lab-credentials.properties").toString());
    properties.put("dunes.lab.vsphere.address", at + "40");
    properties.put("dunes.lab.vsphere.port", "0");
    properties.put("dunes.lab.vsphere.work-dir", dir.resolve("vsphere").toString());
    properties.put("dunes.lab.nodes.work-dir", dir.resolve("nodes").toString());
    properties.put("dunes.lab.ca.address", at + "20");
    properties.put("dunes.lab.ca.port", "0");
    properties.put("dunes.lab.edge.address", at + "30");
    properties.put("dunes.lab.edge.port", "0");
    properties.put("dunes.lab.sso.address", at + "41");
    properties.put("dunes.lab.sso.port", "0");
    properties.put("dunes.lab.changes.address", at + "50");
    properties.put("dunes.lab.changes.port", "0");
    properties.put("dunes.lab.dns.address", at + "53");
    properties.put("dunes.lab.dns.port", String.valueOf(ExampleRequest.LAB_DNS_PORT));
    properties.put("dunes.lab.dns.work-dir", dir.resolve("dns").toString());
    return properties;
  }

  /** As command-line arguments ({@code --name=value}), which outrank the profiles' yaml. */
  public static List<String> arguments(Map<String, String> properties) {
    return properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toList();
  }
}

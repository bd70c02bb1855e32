package dunes.appliance.vami;

/** What VAMI reports of the appliance: host name, time zone (an IANA zone id), network. */
public record ApplianceIdentity(String hostname, String timezone, StaticNetwork network) {}

package dunes.appliance.vami;

/**
 * What the appliance reports of itself: host name, time zone (an IANA zone id), network (its name
 * servers included).
 */
public record ApplianceIdentity(String hostname, String timezone, StaticNetwork network) {}

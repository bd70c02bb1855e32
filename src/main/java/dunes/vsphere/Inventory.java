package dunes.vsphere;

/** The request's names resolved to managed objects: what deploy and clone need. */
public record Inventory(
    Moref datacenter, Moref cluster, Moref resourcePool, Moref datastore, Moref network, String networkName,
    Moref folder) {}

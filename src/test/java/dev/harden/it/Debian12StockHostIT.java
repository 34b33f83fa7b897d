package dev.harden.it;

/** The shipped baseline on a stock Debian 12 host (image debian12-plain: no firewall, no unattended-upgrades). */
class Debian12StockHostIT extends StockHostScenario {

    @Override
    String image() {
        return "debian12-plain";
    }
}

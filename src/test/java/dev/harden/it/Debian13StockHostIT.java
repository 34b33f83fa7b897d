package dev.harden.it;

/** The shipped baseline on a stock Debian 13 host (image debian13: no firewall, no unattended-upgrades). */
class Debian13StockHostIT extends StockHostScenario {

    @Override
    String image() {
        return "debian13";
    }
}

/**
 * The local transport: an image root directory on this machine is a host. Hardening a golden
 * image before it boots is a real use, and it makes fast, real unit tests possible: the same
 * scripts run with real sh, stat and base64, without SSH or containers.
 *
 * <p>Those scripts run on the controller, as the controller's user (often root), with every
 * path prefixed by the image root. The image is data, possibly hostile: a symlink in it is
 * followed here, on this machine. So an image root is contained ({@link
 * dev.harden.transport.local.ImageContainment}): this machine's own root is refused as an
 * image, and so is any managed path or state directory that leads outside the image.
 */
package dev.harden.transport.local;

#!/usr/bin/env python3
"""A real RTSP server for the camera tests: GStreamer's gst-rtsp-server (what many IP cameras and NVRs run),
serving a moving test pattern as MJPEG over RTP at rtsp://127.0.0.1:PORT/live. Prints READY when it listens;
the test kills it to cut the stream mid-way and starts it again to let the camera reconnect."""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

port, width, height, fps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
# is-live: the pattern runs in real time, as a camera's does; shared: reconnecting clients join the same stream.
factory.set_launch(
    f"( videotestsrc is-live=true pattern=ball ! video/x-raw,format=I420,width={width},height={height},framerate={fps}/1 "
    f"! jpegenc quality=85 ! rtpjpegpay name=pay0 pt=26 )")
factory.set_shared(True)
server.get_mount_points().add_factory("/live", factory)
if server.attach(None) == 0:
    sys.exit(f"cannot listen on port {port}")
print("READY", flush=True)
GLib.MainLoop().run()

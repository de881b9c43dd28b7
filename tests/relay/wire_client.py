#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""An independent client of the relay protocol (docs/protocol.md, "Relay protocol"),
written from the specification with Python's ssl, websockets and cbor2, not from the
C++ code: the tests use it to check the relay as another implementation would see it."""
import asyncio
import ssl

import cbor2
import websockets

REQUEST, RESPONSE, PUSH, ERROR = 1, 2, 3, 4


class RelayError(Exception):
    def __init__(self, code, text):
        super().__init__(f"{code}: {text}")
        self.code = code


class Client:
    def __init__(self, url, cert=None, key=None, password=None, ca=None):
        self.url = url
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        if ca:
            ctx.load_verify_locations(ca)
        if cert:
            ctx.load_cert_chain(cert, key, password=password)
        self.ctx = ctx
        self.next_id = 1
        self.pushes = []
        self.ws = None

    async def connect(self, hello=True, versions=(1,)):
        self.ws = await websockets.connect(self.url, ssl=self.ctx, max_size=None)
        if hello:
            return await self.call("hello", {"versions": list(versions), "agent": "wire_client.py"})
        return None

    async def send_raw(self, data):
        await self.ws.send(data)

    async def frame(self, timeout=10):
        data = await asyncio.wait_for(self.ws.recv(), timeout)
        return cbor2.loads(data)

    async def call(self, op, body=None, timeout=10):
        rid = self.next_id
        self.next_id += 1
        await self.ws.send(cbor2.dumps({"t": REQUEST, "id": rid, "op": op, "b": body or {}}))
        while True:
            f = await self.frame(timeout)
            if f["t"] == PUSH:
                self.pushes.append(f)
                continue
            if f["t"] == ERROR:
                raise RelayError(f["e"]["c"], f["e"].get("m", ""))
            if f["t"] == RESPONSE and f["id"] == rid:
                if "e" in f:
                    raise RelayError(f["e"]["c"], f["e"].get("m", ""))
                return f.get("b", {})

    async def close(self):
        if self.ws:
            await self.ws.close()

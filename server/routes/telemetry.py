"""Telemetry in bulk: sensor readings and unit positions (AVL)."""
from __future__ import annotations

from fastapi import Body, HTTPException
from pydantic import BaseModel

from server import permissions, telemetry
from server.payloads import Heading, Lat, Lon, SensorId, UnitId
from server.fields import Finite, ReadingStamp, Stamp
from server.permissions import Who
from server.responses import PositionsAnswer, ReadingsAnswer
from server.routes.access import Operator, protected_router
from server.routes.common import AuthenticatorDep, StoreDep


async def reporter(who: Operator, authenticator: AuthenticatorDep) -> Who:
    """An operator whose role may report telemetry (403 with the reason otherwise)."""
    refused = permissions.check_telemetry(who, authenticator.drill)
    if refused:
        raise HTTPException(403, refused)
    return who


router = protected_router(access=reporter, tags=["telemetry"])


# strict numbers: JSON true/false or "1.5" are not numbers (lax pydantic took `false` as 0.0)
class ReadingIn(BaseModel):
    sensor_id: SensorId
    value: Finite()
    at: ReadingStamp | None = None


class PositionIn(BaseModel):
    unit_id: UnitId
    lon: Lon
    lat: Lat
    heading: Heading | None = None
    at: Stamp | None = None


@router.post("/readings", response_model=ReadingsAnswer)
def post_readings(store: StoreDep, items: list[ReadingIn] = Body(...)):
    """Bulk sensor readings. Unknown sensors are listed, the rest are stored."""
    with store.write(operator=None) as tx:
        return telemetry.ingest_readings(
            tx, [(i.sensor_id, i.value, i.at or tx.now) for i in items])


@router.post("/positions", response_model=PositionsAnswer)
def post_positions(store: StoreDep, items: list[PositionIn] = Body(...)):
    """Bulk unit positions (AVL). Unknown units are listed, the rest are stored."""
    with store.write(operator=None) as tx:
        return telemetry.ingest_positions(
            tx, [(i.unit_id, i.lon, i.lat, i.heading, i.at or tx.now) for i in items])

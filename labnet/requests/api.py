from flask_smorest import Blueprint

blp = Blueprint("requests", __name__)
